package io.cosell.emulator.partnercenter;

import java.time.Duration;

/**
 * How the Partner Center emulator behaves.
 *
 * @param organizationId             the sandbox partner's organization id (set on every referral it owns)
 * @param organizationName           the sandbox partner's name
 * @param pageSize                   referrals per list page before {@code @odata.nextLink} (documented: 100)
 * @param validationEventsPerMinute  test events a caller may request per minute (documented: 2)
 * @param deliveryMaxAttempts        webhook delivery attempts before giving up (documented: 10)
 * @param deliveryBaseDelay          first retry delay; doubles per attempt up to {@code deliveryMaxDelay}
 * @param deliveryMaxDelay           the longest wait between two delivery attempts
 * @param deliveryTimeout            how long one delivery attempt may take
 */
public record PartnerCenterSettings(String organizationId, String organizationName, int pageSize,
                                    int validationEventsPerMinute, int deliveryMaxAttempts,
                                    Duration deliveryBaseDelay, Duration deliveryMaxDelay, Duration deliveryTimeout) {

    public static final String SANDBOX_ORGANIZATION_ID = "5b1e9c2a-7d43-4f0e-9a6b-3c2d1e0f4a51";

    public PartnerCenterSettings {
        if (pageSize < 1 || validationEventsPerMinute < 0 || deliveryMaxAttempts < 1) {
            throw new IllegalArgumentException("pageSize and deliveryMaxAttempts must be positive, "
                    + "validationEventsPerMinute must not be negative");
        }
    }

    public static PartnerCenterSettings sandboxDefaults() {
        return new PartnerCenterSettings(SANDBOX_ORGANIZATION_ID, "Contoso Partner (Sandbox)", 100, 2, 10,
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    public PartnerCenterSettings withPageSize(int size) {
        return new PartnerCenterSettings(organizationId, organizationName, size, validationEventsPerMinute,
                deliveryMaxAttempts, deliveryBaseDelay, deliveryMaxDelay, deliveryTimeout);
    }

    public PartnerCenterSettings withValidationEventsPerMinute(int perMinute) {
        return new PartnerCenterSettings(organizationId, organizationName, pageSize, perMinute,
                deliveryMaxAttempts, deliveryBaseDelay, deliveryMaxDelay, deliveryTimeout);
    }

    /** Retry delays for webhook deliveries (tests use milliseconds). */
    public PartnerCenterSettings withDeliveryDelays(Duration baseDelay, Duration maxDelay) {
        return new PartnerCenterSettings(organizationId, organizationName, pageSize, validationEventsPerMinute,
                deliveryMaxAttempts, baseDelay, maxDelay, deliveryTimeout);
    }
}
