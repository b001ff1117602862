package io.cosell.shared.sync.inbound;

import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an inbound sync records in the state store: links, snapshots and sync log entries. */
final class InboundBook {

    private final SyncStateStore state;
    private final Clock clock;

    InboundBook(SyncStateStore state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    void link(String referralId, Optional<ReferralLink> link, CrmRecordRef record) {
        if (link.isEmpty()) {
            state.link(referralId, record);
        } else if (!link.get().crmRecord().equals(record)) {
            state.relink(referralId, link.get().crmRecord(), record);
        }
    }

    /** Saves the next snapshot after {@code previous}; one saved concurrently by another worker ends in RETRY_LATER. */
    void saveSnapshot(Referral referral, Optional<SyncSnapshot> previous, Map<String, String> partnerCenterFields,
                      Map<String, String> crmFields, String crmETag) {
        if (!state.saveSnapshot(next(referral, previous, partnerCenterFields, crmFields, crmETag))) {
            throw savedMeanwhile(referral);
        }
    }

    /** As {@link #saveSnapshot}, with the log entry of what the sync did written in the same request. */
    void saveSnapshotAndLog(Referral referral, Optional<SyncSnapshot> previous, Map<String, String> partnerCenterFields,
                            Map<String, String> crmFields, String crmETag, SyncLogEntry entry) {
        if (!state.saveSnapshotAndLog(next(referral, previous, partnerCenterFields, crmFields, crmETag), entry)) {
            throw savedMeanwhile(referral);
        }
    }

    private static SyncSnapshot next(Referral referral, Optional<SyncSnapshot> previous,
                                     Map<String, String> partnerCenterFields, Map<String, String> crmFields,
                                     String crmETag) {
        return new SyncSnapshot(referral.id(), partnerCenterFields, crmFields, referral.eTag(),
                referral.updatedDateTime(), crmETag, previous.map(SyncSnapshot::revision).orElse(0L));
    }

    private static RetryLater savedMeanwhile(Referral referral) {
        return new RetryLater("The sync state of referral " + referral.id()
                + " was saved by another worker at the same time; will retry.");
    }

    void log(String referralId, List<String> changedFields, SyncOutcome outcome, String message) {
        state.append(entry(referralId, changedFields, outcome, message));
    }

    SyncLogEntry entry(String referralId, List<String> changedFields, SyncOutcome outcome, String message) {
        return new SyncLogEntry(referralId, clock.instant(), SyncDirection.PC_TO_CRM, changedFields, outcome, message);
    }
}
