package io.cosell.shared.sync.reconcile;

import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncSnapshot;

import java.util.Objects;
import java.util.Optional;

/** What the reconciler does with one listed referral. */
enum ReconcileDecision {
    /** No CRM record is linked to it yet: the CRM never got it (or could not take it). */
    QUEUE_NOT_LINKED,
    /** Linked, but its eTag is not the one last synced: a change the CRM has not seen. */
    QUEUE_CHANGED,
    /** Linked and its eTag is the one last synced. */
    IN_SYNC;

    static ReconcileDecision of(Referral referral, Optional<ReferralLink> link, Optional<SyncSnapshot> snapshot) {
        if (link.isEmpty()) {
            return QUEUE_NOT_LINKED;
        }
        boolean sameETag = snapshot.map(SyncSnapshot::partnerCenterETag)
                .filter(synced -> Objects.equals(synced, referral.eTag()))
                .isPresent();
        return sameETag ? IN_SYNC : QUEUE_CHANGED;
    }

    boolean queues() {
        return this != IN_SYNC;
    }
}
