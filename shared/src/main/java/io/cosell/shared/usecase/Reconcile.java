package io.cosell.shared.usecase;

import java.time.Instant;

/**
 * Finds what the webhooks and the queue missed and queues it: referrals changed in Partner Center since the last run
 * that the CRM does not have yet, and syncs whose last attempt ended in a retryable failure.
 */
public interface Reconcile {

    ReconcileResult reconcile(Instant asOf);
}
