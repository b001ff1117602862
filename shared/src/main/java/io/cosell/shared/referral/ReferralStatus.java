package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * A referral's status: None, New, Active or Closed. A value Partner Center adds later is kept as it is ({@link
 * #isKnown()} is then false), so it survives a round trip.
 */
public record ReferralStatus(@JsonValue String value) {

    public static final ReferralStatus NONE = new ReferralStatus("None");
    public static final ReferralStatus NEW = new ReferralStatus("New");
    public static final ReferralStatus ACTIVE = new ReferralStatus("Active");
    public static final ReferralStatus CLOSED = new ReferralStatus("Closed");

    /** The documented values. */
    public static final List<ReferralStatus> KNOWN = List.of(NONE, NEW, ACTIVE, CLOSED);

    public ReferralStatus {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ReferralStatus must not be blank");
        }
    }

    @JsonCreator
    public static ReferralStatus of(String value) {
        return new ReferralStatus(value);
    }

    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
