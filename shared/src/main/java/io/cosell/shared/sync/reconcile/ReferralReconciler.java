package io.cosell.shared.sync.reconcile;

import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.LinkAndSnapshot;
import io.cosell.shared.state.PendingRetry;
import io.cosell.shared.state.SyncCursor;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.usecase.Reconcile;
import io.cosell.shared.usecase.ReconcileResult;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The reconciler: what webhooks missed (Partner Center gives up on a webhook after 10 attempts and never sends it
 * again) and what the queue gave up on reaches the CRM or Partner Center anyway, without anyone editing a record.
 *
 * <ol>
 *   <li>Takes the lease {@value #LEASE}; while another run holds it, returns at once.</li>
 *   <li>Lists the referrals updated since the cursor {@value #CURSOR} minus the overlap ({@link UpdatedReferrals});
 *       the first run starts the initial lookback before its scheduled time.</li>
 *   <li>Queues a Partner Center → CRM message for each referral not linked to a CRM record yet or whose eTag is not
 *       the last-synced snapshot's (links and snapshots read {@value #STATE_READS_AT_ONCE} referrals at a time); one
 *       equal to it is in sync and skipped. The dedupe key
 *       {@code reconciler#<id>@<eTag>} keeps a version still waiting in the queue from being queued twice.</li>
 *   <li>Queues again each sync whose last attempt ended in a retryable failure at least the retry delay ago (the
 *       queue has given up on it by then), once per failure.</li>
 *   <li>Only when every message was sent: the cursor advances (version-checked) to the latest {@code updatedDateTime}
 *       handled. A failed send undoes its dedupe mark and fails the run with the cursor where it was.</li>
 * </ol>
 * Each run logs one line starting with {@value #LINE_PREFIX}.
 */
public final class ReferralReconciler implements Reconcile {

    public static final String LEASE = "reconciler";
    public static final String CURSOR = "reconciler#referrals";
    public static final String EVENT_NAME = "reconciler-referral-changed";
    public static final String RETRY_EVENT_NAME = "reconciler-retry";
    public static final String LINE_PREFIX = "reconcile: ";

    private static final System.Logger LOG = System.getLogger(ReferralReconciler.class.getName());
    private static final int MAX_RETRIES_PER_RUN = 1000;
    /** Referrals whose links and snapshots one read fetches (DynamoDB: one BatchGetItem of 100 keys). */
    private static final int STATE_READS_AT_ONCE = 50;

    private final ReferralClient partnerCenter;
    private final SyncStateStore state;
    private final SyncQueue queue;
    private final ReconcilerSettings settings;
    private final Clock clock;

    public ReferralReconciler(ReferralClient partnerCenter, SyncStateStore state, SyncQueue queue,
                              ReconcilerSettings settings, Clock clock) {
        this.partnerCenter = partnerCenter;
        this.state = state;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public ReconcileResult reconcile(Instant asOf) {
        Instant start = clock.instant();
        String owner = LEASE + "@" + asOf + "#" + UUID.randomUUID();
        if (!state.tryAcquire(LEASE, owner, settings.leaseDuration())) {
            ReconcileResult busy = new ReconcileResult(0, 0, 0, 0, 0,
                    "another reconciler run holds the lease: nothing done");
            LOG.log(Level.INFO, LINE_PREFIX + busy.message());
            return busy;
        }
        try {
            Optional<SyncCursor> cursor = state.cursor(CURSOR);
            Instant since = cursor.map(c -> Instant.parse(c.value())).orElse(asOf.minus(settings.initialLookback()));
            // whole milliseconds: Partner Center's timestamps have at most 7 fractional digits, Java's up to 9
            Instant from = since.minus(settings.overlap()).truncatedTo(ChronoUnit.MILLIS);
            UpdatedReferrals.Listing listing = new UpdatedReferrals(partnerCenter, settings.pageSize(), clock)
                    .since(from, settings.maxReferralsPerRun(), start.plus(settings.runTimeLimit().dividedBy(2)));
            Tally tally = new Tally(since);
            Instant sendUntil = start.plus(settings.runTimeLimit());
            boolean allQueued = reconcileAll(listing.referrals(), tally, sendUntil) && listing.complete();
            requeueRetries(tally);
            List<String> notes = new ArrayList<>();
            if (!allQueued) {
                notes.add("more to read: the next run continues");
            }
            notes.add(advance(cursor, tally.handledUpTo));
            ReconcileResult result = new ReconcileResult(listing.referrals().size(), tally.queued, tally.inSync,
                    tally.alreadyQueued, tally.retried, message(listing.referrals().size(), from, tally, notes));
            LOG.log(Level.INFO, LINE_PREFIX + result.message());
            return result;
        } finally {
            state.release(LEASE, owner);
        }
    }

    /**
     * Reconciles the listed referrals in turn, reading their links and snapshots {@value #STATE_READS_AT_ONCE} at a
     * time; false when {@code sendUntil} came first.
     */
    private boolean reconcileAll(List<Referral> referrals, Tally tally, Instant sendUntil) {
        for (int from = 0; from < referrals.size(); from += STATE_READS_AT_ONCE) {
            List<Referral> some = referrals.subList(from, Math.min(referrals.size(), from + STATE_READS_AT_ONCE));
            Map<String, LinkAndSnapshot> known = state.linkAndSnapshots(some.stream().map(Referral::id).toList());
            for (Referral referral : some) {
                if (!clock.instant().isBefore(sendUntil)) {
                    return false;
                }
                reconcile(referral, known.get(referral.id()), tally);
            }
        }
        return true;
    }

    private void reconcile(Referral referral, LinkAndSnapshot known, Tally tally) {
        ReconcileDecision decision = ReconcileDecision.of(referral, known.link(), known.snapshot());
        if (decision.queues()) {
            String version = referral.eTag() != null ? referral.eTag() : String.valueOf(referral.updatedDateTime());
            Instant changeDate = referral.updatedDateTime() != null ? referral.updatedDateTime() : clock.instant();
            SyncMessage message = new SyncMessage(SyncDirection.PC_TO_CRM, referral.id(), null, EVENT_NAME,
                    changeDate, "reconciler#" + referral.id() + "@" + version);
            if (sendOnce(message)) {
                tally.queued++;
                if (decision == ReconcileDecision.QUEUE_NOT_LINKED) {
                    tally.notLinked++;
                }
            } else {
                tally.alreadyQueued++;
            }
        } else {
            tally.inSync++;
        }
        if (referral.updatedDateTime() != null && referral.updatedDateTime().isAfter(tally.handledUpTo)) {
            tally.handledUpTo = referral.updatedDateTime();
        }
    }

    private void requeueRetries(Tally tally) {
        Instant dueBefore = clock.instant().minus(settings.retryAfter());
        for (PendingRetry retry : state.pendingRetries(MAX_RETRIES_PER_RUN)) {
            if (retry.at().isAfter(dueBefore)) {
                continue;
            }
            SyncMessage message = new SyncMessage(retry.direction(), retry.referralId(), retry.crmRecord(),
                    RETRY_EVENT_NAME, retry.at(),
                    "reconciler-retry#" + retry.direction() + "#" + retry.subject() + "@" + retry.at());
            if (sendOnce(message)) {
                tally.retried++;
            }
        }
    }

    /** Sends unless the dedupe key was seen within the TTL; a failed send forgets the key again and fails the run. */
    private boolean sendOnce(SyncMessage message) {
        if (!state.markIfFirst(message.dedupeKey(), settings.dedupeTtl())) {
            return false;
        }
        try {
            queue.send(message);
            return true;
        } catch (RuntimeException sendFailed) {
            try {
                state.unmark(message.dedupeKey());
            } catch (RuntimeException unmarkFailed) {
                sendFailed.addSuppressed(unmarkFailed);
            }
            throw sendFailed;
        }
    }

    private String advance(Optional<SyncCursor> cursor, Instant to) {
        if (cursor.isPresent() && Instant.parse(cursor.get().value()).equals(to)) {
            return "cursor stays at " + to;
        }
        long version = cursor.map(SyncCursor::version).orElse(0L);
        if (!state.advance(CURSOR, version, to.toString())) {
            LOG.log(Level.WARNING, "cursor {0} was advanced by another run (this run''s lease ran out?); its "
                    + "messages were queued anyway and the dedupe keys collapse repeats", CURSOR);
            return "cursor advanced by another run";
        }
        return "cursor → " + to;
    }

    private static String message(int found, Instant from, Tally tally, List<String> notes) {
        return "found " + found + " referral(s) updated since " + from + " · queued " + tally.queued + " ("
                + tally.notLinked + " not in the CRM yet, " + (tally.queued - tally.notLinked) + " changed) · skipped "
                + tally.inSync + " as in sync · " + tally.alreadyQueued + " already queued · re-queued " + tally.retried
                + " failed sync(s) · " + String.join(" · ", notes);
    }

    /** Counts of one run, and the latest updatedDateTime handled. */
    private static final class Tally {
        int queued;
        int notLinked;
        int inSync;
        int alreadyQueued;
        int retried;
        Instant handledUpTo;

        Tally(Instant since) {
            this.handledUpTo = since;
        }
    }
}
