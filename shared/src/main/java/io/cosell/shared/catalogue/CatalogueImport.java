package io.cosell.shared.catalogue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.mapping.ConnectorColumns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads Microsoft's solution catalogue ({@code cosell_solutiondetails}, the table sellers pick solutions from) row by
 * row, upserting by the solution id: a new id is created, a known one is updated when a value differs and left alone
 * otherwise. A row that cannot be loaded is rejected with its reason and the others go on.
 */
public final class CatalogueImport {

    /** What happened to one row. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED, REJECTED }

    public record RowResult(int line, String solutionId, Outcome outcome, String reason) {
    }

    public record Report(List<RowResult> rows) {

        public Report {
            rows = List.copyOf(rows);
        }

        public long count(Outcome outcome) {
            return rows.stream().filter(r -> r.outcome() == outcome).count();
        }
    }

    /** Characters the Dataverse docs say break key URLs; a solution id with one could never be addressed by key. */
    private static final String UNSAFE_KEY_CHARACTERS = "/<>*%&:\\?+";
    static final String PUBLISHER = "cosell_publisher";

    private final DataverseClient crm;
    private final ConnectorColumns columns;

    public CatalogueImport(DataverseClient crm, ConnectorColumns columns) {
        this.crm = crm;
        this.columns = columns;
    }

    public Report load(List<CatalogueRow> rows, Consumer<RowResult> progress) {
        List<RowResult> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CatalogueRow row : rows) {
            RowResult result = loadRow(row, seen);
            results.add(result);
            progress.accept(result);
        }
        return new Report(results);
    }

    private RowResult loadRow(CatalogueRow row, Set<String> seen) {
        Optional<String> problem = problem(row);
        if (problem.isPresent()) {
            return new RowResult(row.line(), row.solutionId(), Outcome.REJECTED, problem.get());
        }
        if (!seen.add(row.solutionId().toLowerCase(java.util.Locale.ROOT))) {
            return new RowResult(row.line(), row.solutionId(), Outcome.REJECTED,
                    "the solution id appears earlier in the file");
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(columns.solutionName(), row.name());
        wanted.put(columns.solutionType(), row.type());
        wanted.put(PUBLISHER, row.publisher());
        try {
            Optional<CrmRecord> existing = crm.findByAlternateKey(EntitySet.SOLUTION_DETAILS, columns.solutionId(),
                    row.solutionId(), List.copyOf(wanted.keySet()));
            if (existing.isEmpty()) {
                ObjectNode fields = fields(wanted);
                fields.put(columns.solutionId(), row.solutionId());
                crm.create(EntitySet.SOLUTION_DETAILS, fields);
                return new RowResult(row.line(), row.solutionId(), Outcome.CREATED, "");
            }
            ObjectNode changed = JsonNodeFactory.instance.objectNode();
            wanted.forEach((column, value) -> {
                String now = existing.get().text(column).orElse("");
                if (!now.equals(value)) {
                    changed.put(column, value.isEmpty() ? null : value);
                }
            });
            if (changed.isEmpty()) {
                return new RowResult(row.line(), row.solutionId(), Outcome.UNCHANGED, "");
            }
            crm.update(EntitySet.SOLUTION_DETAILS, existing.get().id(), changed, Optional.empty());
            return new RowResult(row.line(), row.solutionId(), Outcome.UPDATED, String.join(", ", changed.properties()
                    .stream().map(Map.Entry::getKey).toList()));
        } catch (ApiException e) {
            return new RowResult(row.line(), row.solutionId(), Outcome.REJECTED, "Dataverse refused it: " + e.getMessage());
        }
    }

    private static ObjectNode fields(Map<String, String> values) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        values.forEach((column, value) -> {
            if (!value.isEmpty()) {
                fields.put(column, value);
            }
        });
        return fields;
    }

    private static Optional<String> problem(CatalogueRow row) {
        if (row.solutionId().isEmpty()) {
            return Optional.of("the solution id is empty");
        }
        for (char c : row.solutionId().toCharArray()) {
            if (UNSAFE_KEY_CHARACTERS.indexOf(c) >= 0 || Character.isWhitespace(c)) {
                return Optional.of("the solution id '" + row.solutionId() + "' contains '" + c
                        + "', which Dataverse keys cannot hold");
            }
        }
        if (row.solutionId().length() > 100) {
            return Optional.of("the solution id is longer than 100 characters");
        }
        if (row.name().isEmpty()) {
            return Optional.of("the solution name is empty");
        }
        if (row.name().length() > 200) {
            return Optional.of("the solution name is longer than 200 characters");
        }
        if (row.type().length() > 50) {
            return Optional.of("the type is longer than 50 characters");
        }
        if (row.publisher().length() > 200) {
            return Optional.of("the publisher is longer than 200 characters");
        }
        return Optional.empty();
    }
}
