package io.cosell.shared.sync.reconcile;

import java.time.Duration;

/**
 * How the reconciler runs.
 *
 * @param leaseDuration      how long a crashed run blocks the next; longer than the run time limit
 * @param runTimeLimit       listing stops at half of it, queueing at all of it; below the function's timeout
 * @param overlap            how far before the cursor each run lists again, for clock skew, late-listed changes and
 *                           equal timestamps
 * @param initialLookback    where the very first run starts: this long before its scheduled time
 * @param pageSize           referrals per list request ({@code $top}); Partner Center pages above 100
 * @param maxReferralsPerRun referrals one run looks at at most; the rest follow in the next run
 * @param dedupeTtl          how long a queued referral version (id + eTag) or retry is remembered, so a message
 *                           still waiting in the queue is not queued again by the next run
 * @param retryAfter         how old a retryable failure must be before the reconciler queues it again: longer than
 *                           the longest backoff between the queue's own receives, so it only picks up what the queue
 *                           gave up on
 */
public record ReconcilerSettings(Duration leaseDuration, Duration runTimeLimit, Duration overlap,
                                 Duration initialLookback, int pageSize, int maxReferralsPerRun, Duration dedupeTtl,
                                 Duration retryAfter) {

    public ReconcilerSettings {
        if (pageSize < 1 || maxReferralsPerRun < 1) {
            throw new IllegalArgumentException("pageSize and maxReferralsPerRun must be positive");
        }
        if (overlap.isNegative() || initialLookback.isNegative() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("overlap, initialLookback and retryAfter must not be negative");
        }
    }
}
