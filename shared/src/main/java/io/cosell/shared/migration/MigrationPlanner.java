package io.cosell.shared.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.CrmStage;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.MappingProblem;
import io.cosell.shared.mapping.MappingResult;
import io.cosell.shared.mapping.ReferralMapper;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.LinkStore;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.sync.poll.ComparableValue;
import io.cosell.shared.sync.poll.CrmPollSettings;
import io.cosell.shared.vocabulary.CrmRecordRef;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads both sides as Microsoft's connector left them and pairs them by referral id (read-only). A pair agrees when
 * every column the mapping writes holds, compared as the sync compares ({@link ComparableValue}, the name without its
 * sync marks), the value the referral maps to, its state is the referral's and its solutions are the referral's.
 */
public final class MigrationPlanner {

    static final String SOLUTIONS_FIELD = "cosell_solutions";
    static final String STATECODE = "statecode";

    private final DataverseClient crm;
    private final ReferralClient partnerCenter;
    private final LinkStore links;
    private final MappingConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReferralMapper mapper;
    private final List<String> watchedColumns;

    public MigrationPlanner(DataverseClient crm, ReferralClient partnerCenter, LinkStore links, MappingConfig config,
                            ObjectMapper json, Clock clock) {
        this.crm = crm;
        this.partnerCenter = partnerCenter;
        this.links = links;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.mapper = new ReferralMapper(config, json);
        this.watchedColumns = CrmPollSettings.watchedColumns(config, List.of());
    }

    public MigrationPlan plan(Consumer<String> progress) {
        Map<String, CrmRecord> opportunities = byReferralId(EntitySet.OPPORTUNITIES, config.connectorColumns().referralId());
        Map<String, CrmRecord> leads = byReferralId(EntitySet.LEADS, config.connectorColumns().leadReferralId());
        progress.accept("CRM: " + opportunities.size() + " opportunities and " + leads.size()
                + " leads carry a referral id");
        Map<String, Set<String>> solutions = solutionIdsByOpportunity();
        Map<String, Referral> referrals = new LinkedHashMap<>();
        partnerCenter.list(ReferralQuery.all())
                .filter(referral -> !"msft".equals(referral.organizationId()))
                .forEach(referral -> {
                    referrals.put(referral.id(), referral);
                    if (referrals.size() % 100 == 0) {
                        progress.accept("Partner Center: " + referrals.size() + " referrals read");
                    }
                });
        progress.accept("Partner Center: " + referrals.size() + " referrals");

        Map<String, CrmRecord> records = new LinkedHashMap<>(leads);
        records.putAll(opportunities);
        List<PairPlan> agreeing = new ArrayList<>();
        List<PairPlan> differing = new ArrayList<>();
        List<MigrationPlan.UnknownReferral> unknown = new ArrayList<>();
        List<MigrationPlan.Unmappable> unmappable = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, CrmRecord> entry : records.entrySet()) {
            String referralId = entry.getKey();
            CrmRecordKind kind = opportunities.containsKey(referralId) ? CrmRecordKind.OPPORTUNITY : CrmRecordKind.LEAD;
            CrmRecord row = entry.getValue();
            CrmRecordRef ref = new CrmRecordRef(kind.entitySet().name(), row.id().toString());
            Referral referral = referrals.get(referralId);
            if (referral == null) {
                unknown.add(new MigrationPlan.UnknownReferral(referralId, ref, name(kind, row)));
                continue;
            }
            MappingResult mapping = mapper.map(referral, Optional.of(kind));
            if (mapping instanceof MappingProblem problem) {
                unmappable.add(new MigrationPlan.Unmappable(referralId, ref,
                        AuditText.line(clock.instant(), "✘ " + problem.message())));
                continue;
            }
            PairPlan pair = pair(referral, (MappedReferral) mapping, kind, ref, row,
                    solutions.getOrDefault(row.id().toString(), Set.of()));
            (pair.agrees() ? agreeing : differing).add(pair);
            if (++compared % 100 == 0) {
                progress.accept("compared " + compared + " pairs");
            }
        }
        List<MigrationPlan.Orphan> orphans = referrals.values().stream()
                .filter(referral -> !records.containsKey(referral.id()))
                .map(referral -> new MigrationPlan.Orphan(referral.id(), referral.name(), String.valueOf(referral.status())))
                .toList();
        return new MigrationPlan(agreeing, differing, unknown, orphans, unmappable);
    }

    private PairPlan pair(Referral referral, MappedReferral mapped, CrmRecordKind kind, CrmRecordRef ref, CrmRecord row,
                          Set<String> solutionIds) {
        List<MigrationPlan.FieldDifference> differences = new ArrayList<>();
        Map<String, String> crmValues = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        if (mapped.kind() != kind) {
            differences.add(new MigrationPlan.FieldDifference("record", "Record", kind.name().toLowerCase(),
                    mapped.kind().name().toLowerCase()));
        }
        String nameColumn = nameColumn(kind);
        Map<String, String> owned = FieldPaths.of(config, kind);
        mapped.record().fields().forEachRemaining(field -> {
            String column = field.getKey();
            boolean name = column.equals(nameColumn);
            JsonNode now = row.fields().get(column);
            String crmValue = ComparableValue.of(now, name);
            String partnerCenterValue = ComparableValue.of(field.getValue(), name);
            if (!Objects.equals(crmValue, partnerCenterValue)) {
                String path = owned.get(column);
                differences.add(new MigrationPlan.FieldDifference(column, FieldPaths.label(column, path),
                        crmValue, partnerCenterValue));
                crmValues.put(column, now == null ? "null" : now.toString());
                if (path != null) {
                    paths.put(column, path);
                }
            }
        });
        int state = row.fields().path(STATECODE).asInt(0);
        Optional<Integer> referralState = mapped.stage().map(CrmStage::stateCode);
        if (referralState.isPresent() && referralState.get() != state) {
            differences.add(new MigrationPlan.FieldDifference(STATECODE, "State", Integer.toString(state),
                    referralState.get().toString()));
        }
        Set<String> theirs = new TreeSet<>();
        mapped.solutions().forEach(solution -> theirs.add(solution.path(config.connectorColumns().solutionId()).asText()));
        if (kind == CrmRecordKind.OPPORTUNITY && !theirs.equals(new TreeSet<>(solutionIds))) {
            differences.add(new MigrationPlan.FieldDifference(SOLUTIONS_FIELD, "Solutions", String.join(", ", new TreeSet<>(solutionIds)),
                    String.join(", ", theirs)));
            crmValues.put(SOLUTIONS_FIELD, solutionsJson(solutionIds));
        }
        SyncSnapshot snapshot = new SyncSnapshot(referral.id(), mapped.partnerCenterFields(),
                crmSnapshot(mapped, kind, row, state), referral.eTag(), referral.updatedDateTime(), row.etag(),
                links.snapshot(referral.id()).map(SyncSnapshot::revision).orElse(0L));
        return new PairPlan(referral.id(), ref, name(kind, row), differences, snapshot, crmValues, paths);
    }

    /**
     * The CRM side as an inbound sync saves it (the columns as Partner Center has them, the solutions rows, the state),
     * with the lookups the sync would have bound taken from the record, and every column the poller watches that this
     * leaves out as the record has it, so the poller's echo check finds the record unchanged.
     */
    private Map<String, String> crmSnapshot(MappedReferral mapped, CrmRecordKind kind, CrmRecord row, int state) {
        ObjectNode desired = mapped.record().deepCopy();
        bind(desired, row, "customerid", kind == CrmRecordKind.LEAD ? "customerid_account" : "customerid_account", "accounts");
        bind(desired, row, "parentaccountid", "parentaccountid", "accounts");
        bind(desired, row, "parentcontactid", "parentcontactid", "contacts");
        bind(desired, row, config.currencyLookup(), config.currencyLookup(), "transactioncurrencies");
        Map<String, String> snapshot = new LinkedHashMap<>(CrmColumns.snapshotOf(desired));
        if (kind == CrmRecordKind.OPPORTUNITY) {
            ArrayNode rows = json.createArrayNode();
            mapped.solutions().forEach(rows::add);
            snapshot.put(SOLUTIONS_FIELD, rows.toString());
        }
        snapshot.put(STATECODE, Integer.toString(state));
        if (kind == CrmRecordKind.OPPORTUNITY) {
            for (String column : watchedColumns) {
                boolean lookup = column.startsWith("_") && column.endsWith("_value");
                if (!snapshot.containsKey(column) && !(lookup && snapshotHasBind(snapshot, column))) {
                    JsonNode value = row.fields().get(column);
                    if (value != null && !value.isNull()) {
                        snapshot.put(column, value.toString());
                    }
                }
            }
        }
        return snapshot;
    }

    private static boolean snapshotHasBind(Map<String, String> snapshot, String lookupColumn) {
        String navigation = lookupColumn.substring(1, lookupColumn.length() - "_value".length());
        return snapshot.keySet().stream().anyMatch(key -> key.equals(navigation + "@odata.bind")
                || key.startsWith(navigation + "_") && key.endsWith("@odata.bind"));
    }

    private static void bind(ObjectNode desired, CrmRecord row, String lookup, String navigation, String set) {
        JsonNode value = row.fields().get("_" + lookup + "_value");
        if (value != null && value.isTextual() && !desired.has(navigation + "@odata.bind")) {
            desired.put(navigation + "@odata.bind", "/" + set + "(" + value.asText() + ")");
        }
    }

    private String solutionsJson(Set<String> ids) {
        ArrayNode rows = json.createArrayNode();
        ids.stream().sorted().forEach(id -> rows.addObject().put(config.connectorColumns().solutionId(), id));
        return rows.toString();
    }

    private Map<String, CrmRecord> byReferralId(EntitySet set, String referralColumn) {
        Map<String, CrmRecord> records = new LinkedHashMap<>();
        for (CrmRecord row : crm.query(set, ODataQuery.all().filter(ODataFilter.ne(referralColumn, null)))) {
            row.text(referralColumn).filter(id -> !id.isBlank()).ifPresent(id -> records.putIfAbsent(id.strip(), row));
        }
        return records;
    }

    private Map<String, Set<String>> solutionIdsByOpportunity() {
        String lookup = "_" + config.connectorColumns().solutionOpportunity() + "_value";
        Map<String, Set<String>> ids = new HashMap<>();
        for (CrmRecord row : crm.query(EntitySet.SOLUTIONS, ODataQuery.select(config.connectorColumns().solutionId(), lookup))) {
            row.text(lookup).ifPresent(opportunity -> row.text(config.connectorColumns().solutionId())
                    .ifPresent(id -> ids.computeIfAbsent(opportunity.toLowerCase(), k -> new TreeSet<>()).add(id)));
        }
        return ids;
    }

    static String nameColumn(CrmRecordKind kind) {
        return kind == CrmRecordKind.LEAD ? "subject" : "name";
    }

    private static String name(CrmRecordKind kind, CrmRecord row) {
        return row.text(nameColumn(kind)).orElse("");
    }
}
