package io.cosell.shared.state;

import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;

import java.util.List;

/**
 * The part of the sync log that says which syncs last ended in a retryable failure, so the reconciler can queue them
 * again once the queue itself has given up on them (dead-lettered), without anyone editing the record.
 */
public interface PendingRetryLog {

    /** Records (or replaces) the pending retry of its sync. */
    void recordPendingRetry(PendingRetry retry);

    /** The sync's last attempt ended otherwise: nothing to retry. Clearing an absent entry does nothing. */
    void clearPendingRetry(SyncDirection direction, String referralId, CrmRecordRef crmRecord);

    /** Up to {@code limit} pending retries, oldest subject first. */
    List<PendingRetry> pendingRetries(int limit);
}
