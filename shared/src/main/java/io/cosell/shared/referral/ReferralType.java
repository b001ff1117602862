package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * Independent (only the partner sees it) or Shared (with Microsoft or another party). A value Partner Center adds
 * later is kept as it is ({@link #isKnown()} is then false), so it survives a round trip.
 */
public record ReferralType(@JsonValue String value) {

    public static final ReferralType INDEPENDENT = new ReferralType("Independent");
    public static final ReferralType SHARED = new ReferralType("Shared");

    /** The documented values. */
    public static final List<ReferralType> KNOWN = List.of(INDEPENDENT, SHARED);

    public ReferralType {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ReferralType must not be blank");
        }
    }

    @JsonCreator
    public static ReferralType of(String value) {
        return new ReferralType(value);
    }

    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
