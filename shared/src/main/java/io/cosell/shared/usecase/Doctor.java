package io.cosell.shared.usecase;

/**
 * Checks that the connector can work and says what to fix: tokens for Dataverse and Partner Center, the schema, the
 * mapping against the CRM, the state table and the queues, the webhook registration, the last poller and reconciler
 * runs, the migration state.
 */
public interface Doctor {

    /** Every check, in order; a check that cannot run counts as failed, with the reason as its detail. */
    DoctorReport run();
}
