package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documented status/substatus table (fact sheet §1.5): New → New, Active, Closed; Active → Active, Closed;
 * Closed is terminal. Each status allows only its own substatus values. A referral whose status is Closed (substatus
 * Won, Lost, Declined or Expired) cannot be edited at all.
 */
final class ReferralLifecycle {

    static final String NEW = "New";
    static final String ACTIVE = "Active";
    static final String CLOSED = "Closed";

    private static final Map<String, List<String>> SUBSTATUS = Map.of(
            NEW, List.of("Pending", "Received"),
            ACTIVE, List.of("Accepted"),
            CLOSED, List.of("Won", "Lost", "Declined", "Expired"));

    private static final Map<String, Set<String>> NEXT_STATUS = Map.of(
            NEW, Set.of(NEW, ACTIVE, CLOSED),
            ACTIVE, Set.of(ACTIVE, CLOSED),
            CLOSED, Set.of(CLOSED));

    private ReferralLifecycle() {
    }

    static boolean isTerminal(ObjectNode referral) {
        return CLOSED.equals(referral.path("status").asText())
                || SUBSTATUS.get(CLOSED).contains(referral.path("substatus").asText());
    }

    /** 409 when the referral is in a terminal state. */
    static void requireEditable(ObjectNode referral) {
        if (isTerminal(referral)) {
            throw new PartnerCenterError(409, "invalidRequest", "Referral '" + referral.path("id").asText()
                    + "' is " + referral.path("status").asText() + "/" + referral.path("substatus").asText()
                    + ", a terminal state; a closed referral (Won, Lost, Declined or Expired) cannot be edited.",
                    "status", null, null);
        }
    }

    /**
     * Checks the move from {@code current} to {@code next} against the table (400 when not allowed) and stamps
     * {@code acceptedDateTime} (New → Active) and {@code closedDateTime} (→ Closed).
     */
    static void applyTransition(ObjectNode current, ObjectNode next, String now) {
        String fromStatus = current.path("status").asText();
        String toStatus = next.path("status").asText();
        String toSubstatus = next.path("substatus").asText();
        if (fromStatus.equals(toStatus) && current.path("substatus").asText().equals(toSubstatus)) {
            return;
        }
        requireValidPair(toStatus, toSubstatus);
        Set<String> allowed = NEXT_STATUS.get(fromStatus);
        if (allowed != null && !allowed.contains(toStatus)) {
            throw PartnerCenterError.invalidRequest("status", "A referral cannot move from status '" + fromStatus
                    + "' to '" + toStatus + "'; allowed: " + allowed + ".");
        }
        if (ACTIVE.equals(toStatus) && NEW.equals(fromStatus) && isNull(next, "acceptedDateTime")) {
            next.put("acceptedDateTime", now);
        }
        if (CLOSED.equals(toStatus) && !CLOSED.equals(fromStatus)) {
            next.put("closedDateTime", now);
        }
    }

    /** 400 unless the status is known and allows the substatus. */
    static void requireValidPair(String status, String substatus) {
        List<String> substatuses = SUBSTATUS.get(status);
        if (substatuses == null) {
            throw PartnerCenterError.invalidRequest("status", "Unknown referral status '" + status
                    + "'; expected one of " + SUBSTATUS.keySet() + ".");
        }
        if (!substatuses.contains(substatus)) {
            throw PartnerCenterError.invalidRequest("substatus", "Substatus '" + substatus
                    + "' is not allowed with status '" + status + "'; allowed: " + substatuses + ".");
        }
    }

    private static boolean isNull(ObjectNode node, String field) {
        return node.path(field).isNull() || node.path(field).isMissingNode();
    }
}
