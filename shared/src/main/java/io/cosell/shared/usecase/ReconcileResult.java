package io.cosell.shared.usecase;

/**
 * What one reconciler run did.
 *
 * @param found         referrals Partner Center listed as updated since the cursor (overlap included)
 * @param queued        of those, queued: not linked to a CRM record yet, or an eTag other than the last synced one
 * @param inSync        of those, skipped: the eTag equals the last-synced snapshot's
 * @param alreadyQueued of those, not queued again: this version was queued by an earlier run
 * @param retried       syncs queued again because their last attempt ended in a retryable failure
 * @param message       the run in one line
 */
public record ReconcileResult(int found, int queued, int inSync, int alreadyQueued, int retried, String message) {
}
