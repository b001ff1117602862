package io.cosell.shared.sync.poll;

import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.MappingConfig;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * How the CRM poller runs.
 *
 * @param mode              how changes are found
 * @param leaseDuration     how long one run holds the poller lease; bounds how long a crashed run blocks the next.
 *                          Longer than {@code runTimeLimit}, so a live run never loses its lease
 * @param runTimeLimit      a run reads changes for at most half of this and queues them within all of it, then stops
 *                          (the next run goes on); keep it below the function's timeout
 * @param maxRowsPerRun     rows a run reads at most (change tracking checks between pages, so up to one page more):
 *                          bounds a full load or resync, which then continues over several runs
 * @param dedupeTtl         how long a queued change (opportunity id + row version) is remembered, so a re-read after
 *                          a crash, an overlap or a resync does not queue it again
 * @param modifiedOnOverlap {@link ChangeDetection#MODIFIEDON} re-reads this far before the watermark, for rows of the
 *                          same second and late commits (repeats are dropped by the dedupe key)
 * @param watchedColumns    the opportunity columns whose values go to Partner Center; a row whose watched columns all
 *                          equal the last-synced snapshot is the connector's own write (an echo) and is not queued
 * @param connectorColumns  the mapping's names of the connector's columns: the poller reads Sync with Partner Center,
 *                          the Referral Identifier, the referral response and the solution lookup under these names
 */
public record CrmPollSettings(ChangeDetection mode, Duration leaseDuration, Duration runTimeLimit, int maxRowsPerRun,
                              Duration dedupeTtl, Duration modifiedOnOverlap, List<String> watchedColumns,
                              ConnectorColumns connectorColumns) {

    /** The watched columns of the default mapping. */
    public static final List<String> DEFAULT_WATCHED_COLUMNS = watchedColumns(MappingConfig.defaults(), List.of());

    /**
     * The opportunity columns whose values go to Partner Center under {@code mapping} (its deal value, close date,
     * currency and connector columns), then {@code extra} ones.
     */
    public static List<String> watchedColumns(MappingConfig mapping, List<String> extra) {
        ConnectorColumns connector = mapping.connectorColumns();
        Set<String> columns = new LinkedHashSet<>(List.of("name", "description", mapping.dealValueColumn(),
                mapping.closeDateColumn(), "_" + mapping.currencyLookup() + "_value", "_customerid_value",
                "_parentcontactid_value", "statecode", "statuscode", connector.microsoftHelp(),
                connector.visibleToMicrosoft(), connector.referralResponse(), connector.declineReason()));
        columns.addAll(extra);
        return List.copyOf(columns);
    }

    public CrmPollSettings {
        Objects.requireNonNull(mode, "mode");
        requirePositive(leaseDuration, "lease duration");
        requirePositive(runTimeLimit, "run time limit");
        requirePositive(dedupeTtl, "dedupe TTL");
        if (modifiedOnOverlap == null || modifiedOnOverlap.isNegative()) {
            throw new IllegalArgumentException("the modifiedon overlap must be zero or more");
        }
        if (leaseDuration.compareTo(runTimeLimit) <= 0) {
            throw new IllegalArgumentException("the lease duration (" + leaseDuration
                    + ") must be longer than the run time limit (" + runTimeLimit + ")");
        }
        if (maxRowsPerRun < 1) {
            throw new IllegalArgumentException("max rows per run must be at least 1");
        }
        Objects.requireNonNull(connectorColumns, "connector columns");
        watchedColumns = List.copyOf(watchedColumns);
        if (watchedColumns.isEmpty()) {
            throw new IllegalArgumentException("at least one watched column is needed");
        }
    }

    public static CrmPollSettings defaults() {
        return new CrmPollSettings(ChangeDetection.CHANGE_TRACKING, Duration.ofMinutes(2), Duration.ofSeconds(45),
                5000, Duration.ofDays(7), Duration.ofSeconds(30), DEFAULT_WATCHED_COLUMNS,
                ConnectorColumns.defaults());
    }

    public CrmPollSettings withMode(ChangeDetection newMode) {
        return new CrmPollSettings(newMode, leaseDuration, runTimeLimit, maxRowsPerRun, dedupeTtl, modifiedOnOverlap,
                watchedColumns, connectorColumns);
    }

    public CrmPollSettings withMaxRowsPerRun(int rows) {
        return new CrmPollSettings(mode, leaseDuration, runTimeLimit, rows, dedupeTtl, modifiedOnOverlap,
                watchedColumns, connectorColumns);
    }

    /** These settings for {@code mapping}: its watched columns (then {@code extra} ones) and its connector columns. */
    public CrmPollSettings forMapping(MappingConfig mapping, List<String> extra) {
        return new CrmPollSettings(mode, leaseDuration, runTimeLimit, maxRowsPerRun, dedupeTtl, modifiedOnOverlap,
                watchedColumns(mapping, extra), mapping.connectorColumns());
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("the " + what + " must be positive");
        }
    }
}
