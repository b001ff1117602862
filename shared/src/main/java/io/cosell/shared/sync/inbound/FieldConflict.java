package io.cosell.shared.sync.inbound;

import io.cosell.shared.mapping.ConflictWinner;

import java.util.Optional;

/**
 * A field the seller changed in the CRM and Microsoft changed in Partner Center, to different values, since the last
 * sync.
 *
 * @param label              the field in the seller's words ("deal value")
 * @param crmValue           the CRM's value as shown to the seller; empty when it cannot be shown (a lookup)
 * @param partnerCenterValue Partner Center's value, likewise
 * @param crmKept            whether the CRM keeps its value (and sends it to Partner Center with the next poll)
 * @param decidedBy          the configured winner, when the field is one the CRM owns; empty: Partner Center owns it
 */
record FieldConflict(String label, Optional<String> crmValue, Optional<String> partnerCenterValue, boolean crmKept,
                     Optional<ConflictWinner> decidedBy) {

    /**
     * "conflict on deal value: changed in the CRM (90000) and in Partner Center (85000) since the last sync; kept the
     * CRM's value (conflictWinner CRM), Partner Center gets it with the next CRM → Partner Center sync".
     */
    String describe() {
        String changed = crmValue.isPresent() && partnerCenterValue.isPresent()
                ? "changed in the CRM (" + crmValue.get() + ") and in Partner Center (" + partnerCenterValue.get() + ")"
                : "changed in the CRM and in Partner Center";
        String kept = crmKept ? "kept the CRM's value" : "took Partner Center's value";
        String why = decidedBy.map(winner -> " (conflictWinner " + winner + ")")
                .orElse(" (Partner Center owns the " + label + ")");
        String next = crmKept ? ", Partner Center gets it with the next CRM → Partner Center sync" : "";
        return "conflict on " + label + ": " + changed + " since the last sync; " + kept + why + next;
    }
}
