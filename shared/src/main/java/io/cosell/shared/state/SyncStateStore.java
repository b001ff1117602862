package io.cosell.shared.state;

/**
 * All sync state of the connector. Code that needs only part of it depends on {@link LinkStore},
 * {@link CursorLeaseStore}, {@link DedupeLogStore} or {@link PendingRetryLog}.
 */
public interface SyncStateStore extends LinkStore, CursorLeaseStore, DedupeLogStore, PendingRetryLog {

    /**
     * Stores the snapshot as {@link #saveSnapshot(SyncSnapshot)} does and appends the log entry that says what the
     * sync did, in one write: both or neither. False, with nothing written, when another writer saved the snapshot
     * in between.
     */
    boolean saveSnapshotAndLog(SyncSnapshot snapshot, SyncLogEntry entry);
}
