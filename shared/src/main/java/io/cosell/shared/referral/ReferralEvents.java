package io.cosell.shared.referral;

import java.util.List;

/** The Partner Center webhook events about referrals (all with {@code ResourceName: "referral"}). */
public final class ReferralEvents {

    public static final String REFERRAL_CREATED = "referral-created";
    public static final String REFERRAL_UPDATED = "referral-updated";
    /** Another organization's referral in one of the partner's engagements, e.g. Microsoft's side of a co-sell. */
    public static final String RELATED_REFERRAL_CREATED = "related-referral-created";
    public static final String RELATED_REFERRAL_UPDATED = "related-referral-updated";
    /** Sent for a validation (test) event request. */
    public static final String TEST_CREATED = "test-created";

    /** The four events the connector registers one URL for. */
    public static final List<String> ALL_REFERRAL_EVENTS = List.of(REFERRAL_CREATED, REFERRAL_UPDATED,
            RELATED_REFERRAL_CREATED, RELATED_REFERRAL_UPDATED);

    private ReferralEvents() {
    }
}
