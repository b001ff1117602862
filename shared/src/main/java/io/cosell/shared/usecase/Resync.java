package io.cosell.shared.usecase;

/** Queues one referral or one opportunity for sync on demand, whatever the last sync did. */
public interface Resync {

    /** Queues a Partner Center → CRM sync of the referral. */
    AdminReport referral(String referralId);

    /** Queues a CRM → Partner Center sync of the opportunity. */
    AdminReport opportunity(String opportunityId);
}
