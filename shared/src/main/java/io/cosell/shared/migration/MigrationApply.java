package io.cosell.shared.migration;

import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.SyncCursor;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.sync.poll.CrmPollSettings;
import io.cosell.shared.sync.poll.PollerCursors;
import io.cosell.shared.sync.reconcile.ReferralReconciler;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Baselines a {@link MigrationPlan}: per pair the link and the last-synced snapshot (so neither side's current state
 * counts as a change), a differing pair settled by {@link Prefer} through one queued sync of the preferred side, then
 * the CRM poller's and reconciler's cursors at "now" and the {@link MigrationMarker}. Writes nothing to Partner Center
 * or the CRM itself. Each pair is its own step: a pair already linked is skipped (a differing one gets the settling
 * sync an interrupted run did not queue), so a second run does nothing and an interrupted run goes on where it
 * stopped; the cursors are set only by the run that writes the marker.
 */
public final class MigrationApply {

    static final String EVENT_NAME = "migration-settle";
    /** How long a queued settling sync is remembered, so a later run does not queue it again. */
    private static final Duration SETTLED_MEMORY = Duration.ofDays(90);

    private final DataverseClient crm;
    private final SyncStateStore state;
    private final SyncQueue queue;
    private final CrmPollSettings pollSettings;
    private final Duration reconcilerOverlap;
    private final Clock clock;

    /** @param reconcilerOverlap the reconciler's overlap ({@code COSELL_RECONCILER_OVERLAP}) */
    public MigrationApply(DataverseClient crm, SyncStateStore state, SyncQueue queue, CrmPollSettings pollSettings,
                          Duration reconcilerOverlap, Clock clock) {
        this.crm = crm;
        this.state = state;
        this.queue = queue;
        this.pollSettings = pollSettings;
        this.reconcilerOverlap = reconcilerOverlap;
        this.clock = clock;
    }

    /** What one run did. */
    public record Report(List<String> linked, List<String> alreadyLinked, List<String> settled, List<String> leftDiffering,
                         List<String> refused, boolean cursorsSet, Instant appliedAt) {
    }

    /**
     * @param plan    read just before, by {@link MigrationPlanner}
     * @param readAt  when the plan's reading began: the reconciler goes on from there (its cursor is set one overlap
     *                later, since each run reads from its cursor minus the overlap)
     */
    public Report apply(MigrationPlan plan, Prefer prefer, Instant readAt, Consumer<String> progress) {
        List<String> linked = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<String> settled = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int done = 0;
        for (PairPlan pair : plan.agreeing()) {
            baseline(pair, pair.snapshot(), linked, already, refused);
            if (++done % 100 == 0) {
                progress.accept("baselined " + done + " pairs");
            }
        }
        for (PairPlan pair : plan.differing()) {
            boolean linkedBefore = state.linkByReferral(pair.referralId()).isPresent();
            if (prefer == Prefer.REPORT_ONLY || !settleable(pair, prefer)) {
                (linkedBefore ? already : left).add(pair.referralId());
                continue;
            }
            if (linkedBefore) {
                // a run that stopped between the link and its settling sync left it linked: queue that sync now
                already.add(pair.referralId());
                settleOnce(pair, prefer);
                continue;
            }
            SyncSnapshot snapshot = prefer == Prefer.PARTNER_CENTER ? withCrmValues(pair) : pair.snapshot();
            if (baseline(pair, snapshot, settled, already, refused)) {
                settleOnce(pair, prefer);
            }
        }
        Instant now = clock.instant();
        Optional<Instant> applied = MigrationMarker.appliedAt(state);
        boolean cursorsSet = false;
        if (applied.isEmpty()) {
            progress.accept("setting the CRM poller's and the reconciler's cursors to now");
            PollerCursors.startAt(crm, state, pollSettings, now);
            long version = state.cursor(ReferralReconciler.CURSOR).map(SyncCursor::version).orElse(0L);
            state.advance(ReferralReconciler.CURSOR, version, readAt.plus(reconcilerOverlap).toString());
            MigrationMarker.mark(state, now);
            cursorsSet = true;
            applied = Optional.of(now);
        }
        return new Report(linked, already, settled, left, refused, cursorsSet, applied.get());
    }

    /**
     * Queues the pair's settling sync unless a run queued it before; a failed send forgets that it was queued, so the
     * next run sends it.
     */
    private void settleOnce(PairPlan pair, Prefer prefer) {
        String queued = "migration-settled#" + pair.referralId();
        if (!state.markIfFirst(queued, SETTLED_MEMORY)) {
            return;
        }
        try {
            queue.send(settle(pair, prefer));
        } catch (RuntimeException e) {
            state.unmark(queued);
            throw e;
        }
    }

    /** A difference in the record's kind or state is not settled by a field-wise sync; it stays for the admin. */
    private static boolean settleable(PairPlan pair, Prefer prefer) {
        boolean fieldsOnly = pair.differences().stream()
                .noneMatch(d -> d.column().equals("record") || d.column().equals(MigrationPlanner.STATECODE));
        boolean opportunity = pair.record().entitySet().equals("opportunities");
        return fieldsOnly && (prefer == Prefer.PARTNER_CENTER || opportunity);
    }

    private boolean baseline(PairPlan pair, SyncSnapshot snapshot, List<String> linked, List<String> already,
                             List<String> refused) {
        if (state.linkByReferral(pair.referralId()).isPresent()) {
            already.add(pair.referralId());
            return false;
        }
        if (!state.saveSnapshot(snapshot) && !state.saveSnapshot(fresh(snapshot))) {
            refused.add(pair.referralId() + ": its sync state changed while migrating; run apply again");
            return false;
        }
        if (!state.link(pair.referralId(), pair.record())) {
            refused.add(pair.referralId() + ": " + pair.record().entitySet() + "(" + pair.record().id()
                    + ") is already linked to another referral");
            return false;
        }
        linked.add(pair.referralId());
        return true;
    }

    private SyncSnapshot fresh(SyncSnapshot snapshot) {
        long revision = state.snapshot(snapshot.referralId()).map(SyncSnapshot::revision).orElse(0L);
        return new SyncSnapshot(snapshot.referralId(), snapshot.partnerCenterFields(), snapshot.crmFields(),
                snapshot.partnerCenterETag(), snapshot.partnerCenterUpdatedAt(), snapshot.crmETag(), revision);
    }

    /**
     * Partner Center preferred: the snapshot holds the record's current values of the differing columns, so the inbound
     * sync sees them unchanged in the CRM and changed in Partner Center, and writes Partner Center's.
     */
    private static SyncSnapshot withCrmValues(PairPlan pair) {
        SyncSnapshot base = pair.snapshot();
        Map<String, String> crmFields = new HashMap<>(base.crmFields());
        crmFields.putAll(pair.crmValues());
        return new SyncSnapshot(base.referralId(), base.partnerCenterFields(), crmFields, base.partnerCenterETag(),
                base.partnerCenterUpdatedAt(), base.crmETag(), base.revision());
    }

    /**
     * CRM preferred: the snapshot holds Partner Center's values on both sides, so the outbound sync sees the record's
     * differing fields as the seller's edits and sends them.
     */
    private SyncMessage settle(PairPlan pair, Prefer prefer) {
        Instant now = clock.instant();
        if (prefer == Prefer.PARTNER_CENTER) {
            return new SyncMessage(SyncDirection.PC_TO_CRM, pair.referralId(), null, EVENT_NAME, now,
                    "migration#" + pair.referralId() + "@" + pair.snapshot().partnerCenterETag());
        }
        return new SyncMessage(SyncDirection.CRM_TO_PC, pair.referralId(),
                new CrmRecordRef(pair.record().entitySet(), pair.record().id()), EVENT_NAME, now,
                "migration#" + pair.record().id() + "@" + pair.snapshot().crmETag());
    }
}
