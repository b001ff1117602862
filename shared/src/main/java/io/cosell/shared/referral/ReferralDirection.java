package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * Incoming (someone else shared it with the partner) or Outgoing (the partner created it). A value Partner Center
 * adds later is kept as it is ({@link #isKnown()} is then false), so it survives a round trip.
 */
public record ReferralDirection(@JsonValue String value) {

    public static final ReferralDirection INCOMING = new ReferralDirection("Incoming");
    public static final ReferralDirection OUTGOING = new ReferralDirection("Outgoing");

    /** The documented values. */
    public static final List<ReferralDirection> KNOWN = List.of(INCOMING, OUTGOING);

    public ReferralDirection {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ReferralDirection must not be blank");
        }
    }

    @JsonCreator
    public static ReferralDirection of(String value) {
        return new ReferralDirection(value);
    }

    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
