package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.CheckMark;
import io.cosell.shared.mapping.ConflictWinner;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.CrmStage;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.ReferralFields;
import io.cosell.shared.sync.poll.ComparableValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the CRM writes of one Partner Center → CRM sync: a three-way merge per column of the record, with the last-synced
 * snapshot as the base, the referral as Partner Center has it now as one side and the record as the CRM has it now as
 * the other. Pure: no I/O, same input, same plan.
 *
 * <ul>
 *   <li>Unchanged in Partner Center since the base: not written, so a seller's edit the poller has not sent yet stays
 *       (and, the snapshot keeping Partner Center's value, is still sent with the next poll).</li>
 *   <li>Changed in Partner Center only: written.</li>
 *   <li>Changed on both sides to the same value: not written.</li>
 *   <li>Changed on both sides to different values (a true conflict): for the fields the CRM owns (name, deal value,
 *       currency, close date, notes, solutions, visibility, Microsoft help) the configured {@link ConflictWinner}
 *       decides, as in the CRM → Partner Center direction; other fields are Partner Center's. The Audit line says what
 *       was kept.</li>
 *   <li>No base (a new record, or one of another kind): every column is written, as Partner Center has it.</li>
 * </ul>
 * The name keeps the seller's text when the seller changed it; its ✔ is set either way. An accepted referral's new
 * opportunity is linked to its lead (which is qualified); solutions rows follow the referral; a closed referral closes
 * an open record.
 */
final class InboundPlanner {

    static final String SOLUTIONS_FIELD = "cosell_solutions";
    static final String STATECODE = "statecode";
    private static final String BIND = "@odata.bind";

    private final MappingConfig config;
    private final ObjectMapper json;
    private final ComparableValue values;

    InboundPlanner(MappingConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.values = new ComparableValue(json);
    }

    static String nameColumn(CrmRecordKind kind) {
        return kind == CrmRecordKind.LEAD ? "subject" : "name";
    }

    /** The columns read with an existing record: its name, state, audit trail and every column the mapping writes. */
    List<String> readBack(CrmRecordKind kind, ObjectNode mappedColumns) {
        Set<String> select = new LinkedHashSet<>(kind == CrmRecordKind.LEAD
                ? List.of(EntitySet.LEADS.primaryKey(), nameColumn(kind), STATECODE)
                : List.of(EntitySet.OPPORTUNITIES.primaryKey(), nameColumn(kind), STATECODE, config.connectorColumns().audit()));
        mappedColumns.fieldNames().forEachRemaining(column -> {
            if (!column.contains("@")) {
                select.add(column);
            }
        });
        select.add("_" + config.currencyLookup() + "_value");
        return List.copyOf(select);
    }

    /** Whether Partner Center changed the opportunity's solutions since the base, so the CRM's rows are needed. */
    boolean solutionsChanged(MappedReferral mapped, Map<String, String> base) {
        return mapped.kind() == CrmRecordKind.OPPORTUNITY && !solutionsJson(mapped.solutions()).equals(base.get(SOLUTIONS_FIELD));
    }

    InboundPlan plan(PlanInput in) {
        MappedReferral mapped = in.mapped();
        CrmRecordKind kind = mapped.kind();
        Optional<CrmRecord> current = in.current();
        Map<String, String> base = current.isPresent() ? in.base() : Map.of();
        boolean merge = current.isPresent() && !base.isEmpty();
        ObjectNode desired = in.desired();
        ObjectNode columns = CrmColumns.empty();
        List<FieldConflict> conflicts = new ArrayList<>();
        Set<String> keptInCrm = new HashSet<>();

        desired.fields().forEachRemaining(field -> {
            String column = field.getKey();
            JsonNode theirs = field.getValue();
            if (theirs.toString().equals(base.get(column))) {
                return;
            }
            Optional<JsonNode> crmNow = merge ? crmValue(column, current.get()) : Optional.empty();
            if (crmNow.isEmpty()) {
                columns.set(column, theirs);
                return;
            }
            boolean name = column.equals(nameColumn(kind));
            String now = ComparableValue.of(crmNow.get(), name);
            String partnerCenter = ComparableValue.of(theirs, name);
            if (Objects.equals(now, values.ofSnapshot(base.get(column), name))) {
                columns.set(column, theirs);
                return;
            }
            if (Objects.equals(now, partnerCenter)) {
                return;
            }
            Optional<String> path = crmOwnedPath(kind, column);
            boolean crmKept = path.isPresent() && config.conflictWinner() == ConflictWinner.CRM;
            boolean lookup = column.endsWith(BIND);
            conflicts.add(new FieldConflict(label(column, path), lookup ? Optional.empty() : Optional.of(shown(now)),
                    lookup ? Optional.empty() : Optional.of(shown(partnerCenter)), crmKept,
                    path.map(p -> config.conflictWinner())));
            if (crmKept) {
                keptInCrm.add(path.get());
            } else {
                columns.set(column, theirs);
            }
        });
        markName(kind, current, base, merge, desired, columns);
        in.leadToConvert().ifPresent(lead -> columns.put("originatingleadid@odata.bind",
                "/" + EntitySet.LEADS.name() + "(" + lead.id() + ")"));

        Optional<List<ObjectNode>> solutions = solutions(in, base, merge, conflicts, keptInCrm);
        int currentState = current.map(r -> r.fields().path(STATECODE).asInt(0)).orElse(0);
        Optional<CrmStage> close = mapped.stage().filter(stage -> !stage.isOpen() && currentState == 0);

        String what = InboundDescription.of(in, current.isEmpty(), keptInCrm, close, conflicts);
        String line = AuditText.line(in.now(), what);
        if (kind == CrmRecordKind.OPPORTUNITY) {
            String audit = config.connectorColumns().audit();
            columns.put(audit, AuditText.append(current.flatMap(r -> r.text(audit)).orElse(null), line));
        }

        Map<String, String> snapshot = new LinkedHashMap<>(CrmColumns.snapshotOf(desired));
        if (kind == CrmRecordKind.OPPORTUNITY) {
            snapshot.put(SOLUTIONS_FIELD, solutionsJson(mapped.solutions()));
        }
        snapshot.put(STATECODE, Integer.toString(close.map(CrmStage::stateCode).orElse(currentState)));

        List<String> written = new ArrayList<>();
        columns.fieldNames().forEachRemaining(written::add);
        solutions.ifPresent(rows -> written.add(SOLUTIONS_FIELD));
        close.ifPresent(stage -> written.add(STATECODE));
        Optional<CrmRecord> openLead = in.leadToConvert().filter(lead -> lead.fields().path(STATECODE).asInt(0) == 0);
        return new InboundPlan(current.map(CrmRecord::id), current.map(CrmRecord::etag), columns, solutions,
                openLead.map(CrmRecord::id), close, line, snapshot, written, conflicts);
    }

    /** The CRM's value of a column, for the columns that are merged: plain columns and the currency lookup. */
    private Optional<JsonNode> crmValue(String column, CrmRecord record) {
        String read = column.equals(config.currencyLookup() + BIND) ? "_" + config.currencyLookup() + "_value"
                : column.contains("@") ? null : column;
        if (read == null) {
            return Optional.empty();
        }
        JsonNode value = record.fields().get(read);
        return Optional.of(value == null ? NullNode.getInstance() : value);
    }

    /**
     * The name is written as Partner Center has it, unless the seller renamed the record (then the seller's text is
     * kept); either way it gets its ✔ (or loses a ✘ left by a failed sync).
     */
    private void markName(CrmRecordKind kind, Optional<CrmRecord> current, Map<String, String> base, boolean merge,
                          ObjectNode desired, ObjectNode columns) {
        String column = nameColumn(kind);
        if (current.isEmpty() || columns.has(column)) {
            return;
        }
        current.get().text(column).ifPresent(now -> {
            boolean renamed = merge && !Objects.equals(ComparableValue.of(json.getNodeFactory().textNode(now), true),
                    values.ofSnapshot(base.get(column), true));
            String wanted = renamed ? CheckMark.mark(now, true, config.checkMarks()) : desired.path(column).asText();
            if (!wanted.equals(now)) {
                columns.put(column, wanted);
            }
        });
    }

    /** The rows the opportunity is given, if Partner Center changed them and the seller did not keep other ones. */
    private Optional<List<ObjectNode>> solutions(PlanInput in, Map<String, String> base, boolean merge,
                                                 List<FieldConflict> conflicts, Set<String> keptInCrm) {
        MappedReferral mapped = in.mapped();
        if (!solutionsChanged(mapped, base)) {
            return Optional.empty();
        }
        Optional<Set<String>> now = merge ? in.currentSolutionIds() : Optional.empty();
        Optional<Set<String>> was = solutionIds(base.get(SOLUTIONS_FIELD));
        Set<String> theirs = ids(mapped.solutions());
        if (now.isEmpty() || was.isEmpty() || now.get().equals(was.get())) {
            return Optional.of(mapped.solutions());
        }
        if (now.get().equals(theirs)) {
            return Optional.empty();
        }
        boolean crmKept = config.conflictWinner() == ConflictWinner.CRM;
        conflicts.add(new FieldConflict(ReferralFields.label(ReferralFields.SOLUTIONS), Optional.of(shown(now.get())),
                Optional.of(shown(theirs)), crmKept, Optional.of(config.conflictWinner())));
        if (crmKept) {
            keptInCrm.add(ReferralFields.SOLUTIONS);
            return Optional.empty();
        }
        return Optional.of(mapped.solutions());
    }

    /** The Partner Center field a column holds, when it is one the CRM owns (and may win a conflict on). */
    private Optional<String> crmOwnedPath(CrmRecordKind kind, String column) {
        boolean lead = kind == CrmRecordKind.LEAD;
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put(nameColumn(kind), ReferralFields.NAME);
        owned.put(lead ? config.leadDealValueColumn() : config.dealValueColumn(), ReferralFields.DEAL_VALUE);
        owned.put(config.currencyLookup() + BIND, ReferralFields.CURRENCY);
        owned.put(config.closeDateColumn(), ReferralFields.CLOSING_DATE);
        owned.put("description", ReferralFields.NOTES);
        if (!lead) {
            owned.put(config.connectorColumns().visibleToMicrosoft(), ReferralFields.VISIBLE_TO_MICROSOFT);
            owned.put(config.connectorColumns().microsoftHelp(), ReferralFields.MICROSOFT_HELP);
        }
        return Optional.ofNullable(owned.get(column));
    }

    private String label(String column, Optional<String> path) {
        if (path.isPresent()) {
            return ReferralFields.label(path.get());
        }
        return column.equals(config.connectorColumns().microsoftCrmId())
                ? ReferralFields.label(ReferralFields.MICROSOFT_CRM_ID) : column;
    }

    private static String shown(String value) {
        return value == null ? "none" : value;
    }

    private static String shown(Set<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids.stream().sorted().toList());
    }

    private Set<String> ids(List<ObjectNode> rows) {
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.path(config.connectorColumns().solutionId()).asText()));
        return ids;
    }

    private Optional<Set<String>> solutionIds(String snapshotJson) {
        if (snapshotJson == null) {
            return Optional.empty();
        }
        try {
            JsonNode rows = json.readTree(snapshotJson);
            Set<String> ids = new HashSet<>();
            rows.forEach(row -> ids.add(row.path(config.connectorColumns().solutionId()).asText()));
            return Optional.of(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot value of " + SOLUTIONS_FIELD + " is not JSON: " + snapshotJson, e);
        }
    }

    private String solutionsJson(List<ObjectNode> rows) {
        ArrayNode array = json.createArrayNode();
        rows.forEach(array::add);
        return array.toString();
    }
}
