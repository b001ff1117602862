package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.mapping.ConnectorColumns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Makes an opportunity's {@code cosell_solutions} rows match the referral's solutions, by solution id: rows for
 * solutions the referral lists are added, rows for solutions it no longer lists are deleted, others are kept. A row
 * is created under an id derived from the opportunity and the solution id ({@link RecordIds}), so a lost answer
 * never adds it twice.
 */
final class SolutionRows {

    private final DataverseClient crm;
    private final ConnectorColumns columns;
    private final RecordIds records;

    SolutionRows(DataverseClient crm, ConnectorColumns columns) {
        this.crm = crm;
        this.columns = columns;
        this.records = new RecordIds(crm);
    }

    /** The solution ids of the opportunity's rows. */
    Set<String> ids(UUID opportunityId) {
        return Set.copyOf(rows(opportunityId).keySet());
    }

    /** Returns the number of rows added plus deleted. */
    int sync(UUID opportunityId, List<ObjectNode> wanted) {
        Map<String, UUID> existing = rows(opportunityId);
        Set<String> wantedIds = wanted.stream().map(row -> row.path(columns.solutionId()).asText())
                .collect(Collectors.toSet());
        int changes = 0;
        for (ObjectNode row : wanted) {
            String solutionId = row.path(columns.solutionId()).asText();
            if (!existing.containsKey(solutionId)) {
                ObjectNode fields = row.deepCopy();
                fields.put(columns.solutionOpportunity() + "@odata.bind",
                        "/" + EntitySet.OPPORTUNITIES.name() + "(" + opportunityId + ")");
                records.create(EntitySet.SOLUTIONS, opportunityId.toString(), "solution:" + solutionId, fields);
                changes++;
            }
        }
        for (Map.Entry<String, UUID> row : existing.entrySet()) {
            if (!wantedIds.contains(row.getKey())) {
                crm.delete(EntitySet.SOLUTIONS, row.getValue());
                changes++;
            }
        }
        return changes;
    }

    /** The opportunity's rows by solution id (the first row of an id, when the CRM holds two). */
    private Map<String, UUID> rows(UUID opportunityId) {
        Map<String, UUID> rows = new LinkedHashMap<>();
        for (CrmRecord row : crm.query(EntitySet.SOLUTIONS, ODataQuery
                .select(EntitySet.SOLUTIONS.primaryKey(), columns.solutionId())
                .filter(ODataFilter.eq("_" + columns.solutionOpportunity() + "_value", opportunityId)))) {
            rows.putIfAbsent(row.text(columns.solutionId()).orElse(""), row.id());
        }
        return rows;
    }
}
