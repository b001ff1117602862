package io.cosell.shared.sync.inbound;

import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.CrmStage;
import io.cosell.shared.mapping.MappedReferral;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What an inbound sync did, in the seller's words, for the Audit line and the sync log. */
final class InboundDescription {

    private InboundDescription() {
    }

    /**
     * "updated close date 2026-12-15; conflict on deal value: …": the Partner Center changes written (not those the CRM
     * kept in a conflict), the closing, each conflict and, after a 412, that the plan was merged again.
     */
    static String of(PlanInput in, boolean created, Set<String> keptInCrm, Optional<CrmStage> close,
                     List<FieldConflict> conflicts) {
        MappedReferral mapped = in.mapped();
        Map<String, String> before = created ? Map.of() : in.partnerCenterBefore();
        Map<String, String> after = new LinkedHashMap<>(mapped.partnerCenterFields());
        for (String path : keptInCrm) {
            if (before.containsKey(path)) {
                after.put(path, before.get(path));
            } else {
                after.remove(path);
            }
        }
        boolean converted = in.leadToConvert().isPresent();
        String kind = mapped.kind() == CrmRecordKind.LEAD ? "lead" : "opportunity";
        String changes = AuditText.changes(before, after);
        StringBuilder text = new StringBuilder();
        if (converted) {
            text.append("converted the lead into an opportunity");
        } else {
            text.append(created ? "created " + kind : "updated");
        }
        if (!changes.isEmpty()) {
            text.append(created || converted ? ": " : " ").append(changes);
        } else if (!created && !converted) {
            text.append(" the ").append(kind).append(" from Partner Center");
        }
        close.ifPresent(stage -> text.append("; ").append(switch (stage) {
            case OPPORTUNITY_WON -> "opportunity closed as won";
            case OPPORTUNITY_LOST -> "opportunity closed as lost";
            default -> "lead disqualified";
        }));
        conflicts.forEach(conflict -> text.append("; ").append(conflict.describe()));
        if (in.merged()) {
            text.append(" (merged with a change made in the CRM during the sync)");
        }
        mapped.warnings().forEach(warning -> text.append(" (note: ").append(warning).append(")"));
        return text.toString();
    }
}
