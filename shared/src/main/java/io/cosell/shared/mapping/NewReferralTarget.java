package io.cosell.shared.mapping;

/** What a referral that is not (yet) accepted in Partner Center becomes in the CRM. */
public enum NewReferralTarget {
    /** A lead, converted to an opportunity once the referral is accepted (Microsoft's connector does this). */
    LEAD,
    /** An opportunity straight away. */
    OPPORTUNITY
}
