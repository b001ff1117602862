package io.cosell.shared.state;

/**
 * All sync state of the connector. Code that needs only part of it depends on {@link LinkStore},
 * {@link CursorLeaseStore}, {@link DedupeLogStore} or {@link PendingRetryLog}.
 */
public interface SyncStateStore extends LinkStore, CursorLeaseStore, DedupeLogStore, PendingRetryLog {
}
