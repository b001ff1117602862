package io.cosell.shared.config;

import io.cosell.shared.sync.poll.ChangeDetection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The poller's settings (see {@link io.cosell.shared.sync.poll.CrmPollSettings}). Environment names:
 * {@code COSELL_CRM_POLLER_MODE}, {@code COSELL_CRM_POLLER_LEASE_DURATION}, {@code COSELL_CRM_POLLER_RUN_TIME_LIMIT},
 * {@code COSELL_CRM_POLLER_MAX_ROWS_PER_RUN}, {@code COSELL_CRM_POLLER_DEDUPE_TTL},
 * {@code COSELL_CRM_POLLER_MODIFIEDON_OVERLAP}, {@code COSELL_CRM_POLLER_EXTRA_WATCHED_COLUMNS}.
 */
@ConfigMapping(prefix = "cosell.crm-poller")
public interface CrmPollerConfig {

    /** {@code change-tracking} (needs "Track changes" on opportunity and cosell_solutions) or {@code modifiedon}. */
    @WithDefault("change-tracking")
    ChangeDetection mode();

    /** How long a crashed run blocks the next; longer than the run time limit. */
    @WithDefault("2m")
    Duration leaseDuration();

    /** Reading stops at half of it, queueing at all of it; keep it below the function's timeout. */
    @WithDefault("45s")
    Duration runTimeLimit();

    /** Rows one run reads at most; a larger full load or resync continues over several runs. */
    @WithDefault("5000")
    int maxRowsPerRun();

    /** How long a queued change (opportunity id + row version) is remembered against repeats. */
    @WithDefault("7d")
    Duration dedupeTtl();

    /** modifiedon mode: how far before the watermark each run reads again. */
    @WithDefault("30s")
    Duration modifiedonOverlap();

    /**
     * Opportunity columns watched besides those the mapping sends to Partner Center
     * ({@link io.cosell.shared.sync.poll.CrmPollSettings#watchedColumns}): an edit of any watched column that differs
     * from the last-synced snapshot is queued, one of no watched column is taken for the connector's own write.
     */
    Optional<List<String>> extraWatchedColumns();
}
