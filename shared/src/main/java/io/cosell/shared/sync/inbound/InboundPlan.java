package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.mapping.CrmStage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The CRM writes one inbound sync makes, as {@link InboundPlanner} decided them; {@link PlanExecution} performs them.
 *
 * @param recordId          the existing record; empty: the record is created
 * @param ifMatch           the ETag the record was read with; the update is made only if it is still current
 * @param columns           the columns written to the record (on create all of them); empty: the record is not written
 * @param solutions         the {@code cosell_solutions} rows the opportunity is given; empty: its rows stay as they are
 * @param leadToQualify     the lead the new opportunity was converted from, still open
 * @param close             the closed state the record is put in (Win/Lose actions for opportunities)
 * @param auditLine         what the sync did, in the seller's words, with its time: the Audit line and the log message
 * @param snapshotCrmFields the CRM side of the snapshot saved afterwards: the columns as Partner Center has them (what
 *                          both sides agreed on), so a seller's edit kept in the CRM still differs and is sent by the
 *                          poller
 * @param writtenFields     the columns and parts written, for the sync log
 * @param conflicts         fields changed on both sides since the last sync
 */
record InboundPlan(Optional<UUID> recordId, Optional<String> ifMatch, ObjectNode columns,
                   Optional<List<ObjectNode>> solutions, Optional<UUID> leadToQualify, Optional<CrmStage> close,
                   String auditLine, Map<String, String> snapshotCrmFields, List<String> writtenFields,
                   List<FieldConflict> conflicts) {

    InboundPlan {
        columns = columns.deepCopy();
        solutions = solutions.map(rows -> rows.stream().map(ObjectNode::deepCopy).toList());
        snapshotCrmFields = Map.copyOf(snapshotCrmFields);
        writtenFields = List.copyOf(writtenFields);
        conflicts = List.copyOf(conflicts);
    }

    @Override
    public ObjectNode columns() {
        return columns.deepCopy();
    }

    boolean creates() {
        return recordId.isEmpty();
    }

    /** Whether the record itself is written (a create, or an update of at least one column). */
    boolean writesRecord() {
        return creates() || !columns.isEmpty();
    }
}
