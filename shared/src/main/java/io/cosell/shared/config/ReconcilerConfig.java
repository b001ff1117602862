package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The reconciler's settings (see {@link io.cosell.shared.sync.reconcile.ReconcilerSettings}). Environment names:
 * {@code COSELL_RECONCILER_LEASE_DURATION}, {@code COSELL_RECONCILER_RUN_TIME_LIMIT}, {@code COSELL_RECONCILER_OVERLAP},
 * {@code COSELL_RECONCILER_INITIAL_LOOKBACK}, {@code COSELL_RECONCILER_PAGE_SIZE},
 * {@code COSELL_RECONCILER_MAX_REFERRALS_PER_RUN}, {@code COSELL_RECONCILER_DEDUPE_TTL},
 * {@code COSELL_RECONCILER_RETRY_AFTER}.
 */
@ConfigMapping(prefix = "cosell.reconciler")
public interface ReconcilerConfig {

    /** How long a crashed run blocks the next; longer than the run time limit. */
    @WithDefault("2m")
    Duration leaseDuration();

    /** Listing stops at half of it, queueing at all of it; keep it below the function's timeout. */
    @WithDefault("45s")
    Duration runTimeLimit();

    /** How far before the cursor each run lists again (clock skew, late-listed changes, equal timestamps). */
    @WithDefault("5m")
    Duration overlap();

    /** The first run lists the referrals updated this long before it. */
    @WithDefault("1d")
    Duration initialLookback();

    /** Referrals per list request ({@code $top}). */
    @WithDefault("100")
    int pageSize();

    /** Referrals one run looks at at most; the next run continues. */
    @WithDefault("5000")
    int maxReferralsPerRun();

    /** How long a queued referral version or retry is remembered against queueing it twice. */
    @WithDefault("1h")
    Duration dedupeTtl();

    /**
     * How old a retryable failure must be before it is queued again: longer than the longest backoff between the
     * queue's own receives (15 minutes, see {@link RedeliveryConfig}), so only what the queue gave up on is queued.
     */
    @WithDefault("20m")
    Duration retryAfter();
}
