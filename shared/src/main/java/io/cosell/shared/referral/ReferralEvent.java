package io.cosell.shared.referral;

import java.util.Arrays;
import java.util.Optional;

/** The Partner Center webhook events about referrals (all with {@code ResourceName: "referral"}). */
public enum ReferralEvent {
    REFERRAL_CREATED("referral-created"),
    REFERRAL_UPDATED("referral-updated"),
    RELATED_REFERRAL_CREATED("related-referral-created"),
    RELATED_REFERRAL_UPDATED("related-referral-updated");

    private final String eventName;

    ReferralEvent(String eventName) {
        this.eventName = eventName;
    }

    /** The name as Partner Center writes it in {@code EventName} and in a registration's event list. */
    public String eventName() {
        return eventName;
    }

    public static Optional<ReferralEvent> fromEventName(String eventName) {
        return Arrays.stream(values()).filter(event -> event.eventName.equals(eventName)).findFirst();
    }
}
