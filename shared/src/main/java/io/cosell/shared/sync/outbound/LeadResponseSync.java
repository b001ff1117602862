package io.cosell.shared.sync.outbound;

import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.ReferralFields;
import io.cosell.shared.mapping.ReferralStatusChange;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralConflictException;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralStatus;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.RetryLaterException;
import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The seller's answer to a referral that is still a lead (the default mode: a New referral becomes a lead): the lead's
 * Referral response (Accept / Decline) and Decline reason go to Partner Center.
 *
 * <ol>
 *   <li>Reads the lead; gone, without Referral Identifier or without a response: NO_CHANGE (nothing logged, there is
 *       no referral to log it under).</li>
 *   <li>Takes the lease {@code referral#<id>}, the inbound sync's, so the answer never races the lead's conversion
 *       (held elsewhere: RETRY_LATER).</li>
 *   <li>Reads the referral. New: Accept → Active / Accepted; Decline → Closed / Declined with statusReason = the
 *       reason, or {@value #NO_REASON} when the seller gave none. One PATCH with {@code If-Match}; a 412 re-reads the
 *       referral and decides again (at most {@value #PATCH_ATTEMPTS} attempts, then RETRY_LATER).
 *       Already in the answered state (e.g. the poller seeing the inbound sync's conversion or disqualification of
 *       the lead) or Active already: NO_CHANGE. Otherwise closed: TERMINAL_SKIPPED. No PATCH in these cases.</li>
 *   <li>Leads have no Audit column: every outcome with a referral is one sync log entry under the referral id.</li>
 * </ol>
 *
 * <p>The snapshot is deliberately left alone: the {@code referral-updated} event of the PATCH must reach the inbound
 * sync as a change, which then converts the lead into an opportunity (accept) or disqualifies it (decline).
 */
public final class LeadResponseSync {

    static final String NO_REASON = "Declined by the partner in the CRM (no reason given)";
    static final int PATCH_ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(LeadResponseSync.class.getName());

    private final DataverseClient crm;
    private final ReferralClient partnerCenter;
    private final SyncStateStore state;
    private final ConnectorColumns columns;
    private final Clock clock;

    public LeadResponseSync(DataverseClient crm, ReferralClient partnerCenter, SyncStateStore state, MappingConfig config,
                            Clock clock) {
        this.crm = crm;
        this.partnerCenter = partnerCenter;
        this.state = state;
        this.columns = config.connectorColumns();
        this.clock = clock;
    }

    /** The seller's answer on one lead, as read from its columns. */
    private record Answer(UUID leadId, String referralId, ReferralStatusChange change) {
    }

    public OutboundResult sync(CrmRecordRef lead) {
        if (!EntitySet.LEADS.name().equals(lead.entitySet())) {
            throw new IllegalArgumentException("a referral response is read from a lead, not from " + lead);
        }
        UUID leadId = UUID.fromString(lead.id());
        Instant start = clock.instant();
        try {
            Optional<CrmRecord> row = crm.get(EntitySet.LEADS, leadId,
                    List.of(columns.leadReferralId(), columns.referralResponse(), columns.declineReason()));
            if (row.isEmpty()) {
                return result(leadId, start, OutboundOutcome.NO_CHANGE, Optional.empty(),
                        "Lead " + leadId + " no longer exists in the CRM; nothing sent.");
            }
            Optional<Answer> answer = answer(row.get());
            if (answer.isEmpty()) {
                return result(leadId, start, OutboundOutcome.NO_CHANGE, Optional.empty(),
                        "Lead " + leadId + " has no referral or no referral response; nothing sent.");
            }
            return leased(answer.get(), start);
        } catch (RetryLaterException e) {
            return result(leadId, start, OutboundOutcome.RETRY_LATER, Optional.empty(), e.getMessage());
        } catch (ApiException e) {
            if (e.isTransient()) {
                return result(leadId, start, OutboundOutcome.RETRY_LATER, Optional.empty(),
                        "Partner Center or the CRM is busy or unavailable (" + e.getMessage() + "); will retry.");
            }
            throw e;
        }
    }

    private Optional<Answer> answer(CrmRecord lead) {
        Optional<String> referralId = lead.text(columns.leadReferralId()).filter(id -> !id.isBlank());
        int response = lead.fields().path(columns.referralResponse()).asInt(0);
        Optional<ReferralStatusChange> change = switch (response) {
            case ConnectorColumns.ACCEPT -> Optional.of(ReferralStatusChange.accept());
            case ConnectorColumns.DECLINE -> Optional.of(ReferralStatusChange.decline(Optional.of(
                    lead.text(columns.declineReason()).map(String::strip).filter(r -> !r.isEmpty()).orElse(NO_REASON))));
            default -> Optional.empty();
        };
        return referralId.flatMap(id -> change.map(c -> new Answer(lead.id(), id, c)));
    }

    private OutboundResult leased(Answer answer, Instant start) {
        String lease = "referral#" + answer.referralId();
        String owner = "lead-response#" + answer.leadId() + "#" + UUID.randomUUID();
        if (!state.tryAcquire(lease, owner, OpportunityOutboundSync.LEASE_DURATION)) {
            throw new RetryLaterException("Referral " + answer.referralId() + " is being synced by another worker; will retry.");
        }
        try {
            return answerReferral(answer, start);
        } finally {
            state.release(lease, owner);
        }
    }

    private OutboundResult answerReferral(Answer answer, Instant start) {
        ReferralStatusChange change = answer.change();
        Referral referral = partnerCenter.get(answer.referralId());
        boolean merged = false;
        for (int attempt = 1; attempt <= PATCH_ATTEMPTS; attempt++) {
            if (change.status().equals(referral.status()) && change.substatus().equals(referral.substatus())) {
                return logged(answer, start, OutboundOutcome.NO_CHANGE, SyncOutcome.NO_CHANGE, List.of(),
                        "Partner Center already has the lead's answer: the referral is " + statusText(referral));
            }
            if (referral.isTerminal()) {
                return logged(answer, start, OutboundOutcome.TERMINAL_SKIPPED, SyncOutcome.SKIPPED, List.of(),
                        "not sent: the referral is " + statusText(referral) + ", and Partner Center does not allow "
                                + "answering a closed referral (the lead says: " + change.describe() + ")");
            }
            if (!change.appliesTo(referral.status() == null ? "" : referral.status().value())) {
                return logged(answer, start, OutboundOutcome.NO_CHANGE, SyncOutcome.NO_CHANGE, List.of(),
                        "not sent: the referral is " + statusText(referral) + " already (the lead says: "
                                + change.describe() + ")");
            }
            try {
                Referral after = partnerCenter.patch(answer.referralId(), operations(change),
                        Optional.ofNullable(referral.eTag()));
                return logged(answer, start, OutboundOutcome.UPDATED, SyncOutcome.SYNCED,
                        List.of(ReferralFields.STATUS), "lead " + answer.leadId() + ": " + change.describe()
                                + (merged ? " (after a newer version in Partner Center)" : "")
                                + "; Partner Center now says " + statusText(after));
            } catch (ReferralConflictException conflict) {
                merged = true;
                referral = partnerCenter.get(answer.referralId());
            }
        }
        throw new RetryLaterException("Referral " + answer.referralId()
                + " kept changing in Partner Center while answering it; will retry.");
    }

    private static List<PatchOperation> operations(ReferralStatusChange change) {
        List<PatchOperation> operations = new ArrayList<>();
        operations.add(PatchOperation.replace(ReferralFields.STATUS, change.status().value()));
        operations.add(PatchOperation.replace(ReferralFields.SUBSTATUS, change.substatus().value()));
        change.reason().ifPresent(reason -> operations.add(PatchOperation.replace("/statusReason", reason)));
        return operations;
    }

    private static String statusText(Referral referral) {
        return (referral.status() == null ? ReferralStatus.NONE.value() : referral.status().value())
                + (referral.substatus() == null ? "" : " / " + referral.substatus().value());
    }

    private OutboundResult logged(Answer answer, Instant start, OutboundOutcome outcome, SyncOutcome logOutcome,
                                  List<String> changedFields, String message) {
        state.append(new SyncLogEntry(answer.referralId(), clock.instant(), SyncDirection.CRM_TO_PC, changedFields,
                logOutcome, message));
        LOG.log(System.Logger.Level.INFO, "referral {0} answered from lead {1}: {2} ({3})", answer.referralId(),
                answer.leadId(), outcome, message);
        return result(answer.leadId(), start, outcome, Optional.of(answer.referralId()), message);
    }

    private OutboundResult result(UUID leadId, Instant start, OutboundOutcome outcome, Optional<String> referralId,
                                  String message) {
        return new OutboundResult(leadId.toString(), outcome, referralId, message, Duration.between(start, clock.instant()));
    }
}
