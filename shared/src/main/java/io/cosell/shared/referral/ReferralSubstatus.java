package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * A referral's substatus: None, Pending, Received (New); Accepted (Active); Won, Lost, Declined, Expired (Closed,
 * terminal). A value Partner Center adds later is kept as it is ({@link #isKnown()} is then false), so it survives a
 * round trip.
 */
public record ReferralSubstatus(@JsonValue String value) {

    public static final ReferralSubstatus NONE = new ReferralSubstatus("None");
    public static final ReferralSubstatus PENDING = new ReferralSubstatus("Pending");
    public static final ReferralSubstatus RECEIVED = new ReferralSubstatus("Received");
    public static final ReferralSubstatus ACCEPTED = new ReferralSubstatus("Accepted");
    public static final ReferralSubstatus WON = new ReferralSubstatus("Won");
    public static final ReferralSubstatus LOST = new ReferralSubstatus("Lost");
    public static final ReferralSubstatus DECLINED = new ReferralSubstatus("Declined");
    public static final ReferralSubstatus EXPIRED = new ReferralSubstatus("Expired");

    /** The documented values. */
    public static final List<ReferralSubstatus> KNOWN = List.of(NONE, PENDING, RECEIVED, ACCEPTED, WON, LOST, DECLINED, EXPIRED);

    public ReferralSubstatus {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ReferralSubstatus must not be blank");
        }
    }

    @JsonCreator
    public static ReferralSubstatus of(String value) {
        return new ReferralSubstatus(value);
    }

    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    /** Won, Lost, Declined and Expired are final: such a referral can no longer be edited. */
    public boolean isTerminal() {
        return equals(WON) || equals(LOST) || equals(DECLINED) || equals(EXPIRED);
    }

    @Override
    public String toString() {
        return value;
    }
}
