package io.cosell.shared.mapping;

import io.cosell.shared.referral.ReferralStatus;
import io.cosell.shared.referral.ReferralSubstatus;

import java.util.Optional;
import java.util.Set;

/**
 * A status change the CRM asks of a referral, following Partner Center's transition table (New → Active or Closed;
 * Active → Closed; Closed is terminal):
 * <pre>
 * CRM                                                   | referral now | Partner Center after
 * Referral response = Accept                            | New          | Active / Accepted
 * Referral response = Decline (+ decline reason)        | New          | Closed / Declined, statusReason = the reason
 * statecode 1 (Won), statuscode 3                       | New, Active  | Closed / Won,  statusReason = "Won[: …]"
 * statecode 2 (Lost), statuscode 4 Canceled, 5 Out-Sold | New, Active  | Closed / Lost, statusReason = "Canceled[: …]"
 * </pre>
 * The statusReason of won and lost deals is the statuscode's label, followed by the description of the opportunity's
 * latest {@code opportunityclose} when the seller wrote one (the Close Opportunity dialog's description).
 * A response on an Active referral is ignored (it was accepted already; close it as lost instead of declining it).
 */
public record ReferralStatusChange(ReferralStatus status, ReferralSubstatus substatus, Optional<String> reason) {

    public static ReferralStatusChange accept() {
        return new ReferralStatusChange(ReferralStatus.ACTIVE, ReferralSubstatus.ACCEPTED, Optional.empty());
    }

    public static ReferralStatusChange decline(Optional<String> reason) {
        return new ReferralStatusChange(ReferralStatus.CLOSED, ReferralSubstatus.DECLINED, reason);
    }

    public static ReferralStatusChange won(String reason) {
        return new ReferralStatusChange(ReferralStatus.CLOSED, ReferralSubstatus.WON, Optional.of(reason));
    }

    public static ReferralStatusChange lost(String reason) {
        return new ReferralStatusChange(ReferralStatus.CLOSED, ReferralSubstatus.LOST, Optional.of(reason));
    }

    public boolean isDecline() {
        return ReferralSubstatus.DECLINED.equals(substatus);
    }

    /** Whether a referral in {@code current} status moves by this change (the table above). */
    public boolean appliesTo(String currentStatus) {
        Set<String> from = ReferralStatus.ACTIVE.equals(status) || isDecline()
                ? Set.of(ReferralStatus.NEW.value())
                : Set.of(ReferralStatus.NEW.value(), ReferralStatus.ACTIVE.value());
        return from.contains(currentStatus);
    }

    /** In a seller's words, e.g. "accepted the referral". */
    public String describe() {
        String because = reason.map(r -> " (" + r + ")").orElse("");
        if (ReferralStatus.ACTIVE.equals(status)) {
            return "accepted the referral";
        }
        return (isDecline() ? "declined the referral" : "closed the referral as " + substatus.value().toLowerCase())
                + because;
    }
}
