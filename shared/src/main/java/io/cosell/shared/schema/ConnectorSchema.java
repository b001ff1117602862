package io.cosell.shared.schema;

import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.MappingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the connector needs in the CRM, derived from the mapping the functions read (its {@link ConnectorColumns}
 * and Microsoft-help option values), so the install, the check and the sync name the same columns. Display names
 * are the labels of Microsoft's connector solution, which {@code schema adopt} matches on.
 *
 * @param tables        the tables the connector creates, in creation order
 * @param columns       every column: the opportunity's and the lead's, then those of the connector's tables
 * @param keys          alternate keys
 * @param changeTracked logical names of the tables the poller reads with change tracking
 */
public record ConnectorSchema(List<TableSpec> tables, List<ColumnSpec> columns, List<KeySpec> keys,
                              List<String> changeTracked) {

    public static final String OPPORTUNITY = "opportunity";
    public static final String LEAD = "lead";
    public static final String SOLUTIONS = EntitySet.SOLUTIONS.name();
    public static final String SOLUTION_DETAILS = EntitySet.SOLUTION_DETAILS.name();

    /** Labels of the {@code cosell_referralresponse} choice (values {@link ConnectorColumns#ACCEPT}, DECLINE). */
    private static final Map<Integer, String> RESPONSES = responses();

    public ConnectorSchema {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
        changeTracked = List.copyOf(changeTracked);
    }

    public static ConnectorSchema of(MappingConfig mapping) {
        ConnectorColumns c = mapping.connectorColumns();
        Map<Integer, String> help = new LinkedHashMap<>();
        mapping.microsoftHelpValues().entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> help.put(e.getValue(), e.getKey()));
        List<ColumnSpec> columns = new ArrayList<>(List.of(
                column(OPPORTUNITY, c.syncWithPartnerCenter(), "Sync with Partner Center", ColumnKind.BOOLEAN, 0, "syncWithPartnerCenter"),
                column(OPPORTUNITY, c.referralId(), "Referral Identifier", ColumnKind.TEXT, 100, "referralId"),
                column(OPPORTUNITY, c.referralLink(), "Referral Link", ColumnKind.TEXT, 500, "referralLink"),
                new ColumnSpec(OPPORTUNITY, c.microsoftHelp(), "How can Microsoft help?", ColumnKind.CHOICE, 0, help,
                        null, "microsoftHelp"),
                column(OPPORTUNITY, c.visibleToMicrosoft(), "Microsoft Partner Center Referral Visibility",
                        ColumnKind.BOOLEAN, 0, "visibleToMicrosoft"),
                column(OPPORTUNITY, c.microsoftCrmId(), "Microsoft CRM Identifier", ColumnKind.TEXT, 100, "microsoftCrmId"),
                column(OPPORTUNITY, c.audit(), "Audit", ColumnKind.MEMO, 100_000, "audit"),
                new ColumnSpec(OPPORTUNITY, c.referralResponse(), "Referral Response", ColumnKind.CHOICE, 0, RESPONSES,
                        null, "referralResponse"),
                column(OPPORTUNITY, c.declineReason(), "Decline Reason", ColumnKind.TEXT, 1000, "declineReason"),
                column(LEAD, c.leadReferralId(), "Referral Identifier", ColumnKind.TEXT, 100, "leadReferralId"),
                new ColumnSpec(LEAD, c.referralResponse(), "Referral Response", ColumnKind.CHOICE, 0, RESPONSES, null,
                        "referralResponse"),
                column(LEAD, c.declineReason(), "Decline Reason", ColumnKind.TEXT, 1000, "declineReason"),
                column(SOLUTIONS, c.solutionId(), "Solution ID", ColumnKind.TEXT, 100, "solutionId"),
                column(SOLUTIONS, c.solutionType(), "Type", ColumnKind.TEXT, 50, "solutionType"),
                new ColumnSpec(SOLUTIONS, c.solutionOpportunity(), "Opportunity", ColumnKind.LOOKUP, 0, null,
                        OPPORTUNITY, "solutionOpportunity"),
                column(SOLUTION_DETAILS, c.solutionId(), "Solution ID", ColumnKind.TEXT, 100, null),
                column(SOLUTION_DETAILS, c.solutionType(), "Type", ColumnKind.TEXT, 50, null),
                column(SOLUTION_DETAILS, "cosell_publisher", "Publisher", ColumnKind.TEXT, 200, null)));
        List<TableSpec> tables = List.of(
                new TableSpec(SOLUTIONS, EntitySet.SOLUTIONS.name(), "Microsoft Partner Center Solutions",
                        "Microsoft Partner Center Solutions", c.solutionName(), 200),
                new TableSpec(SOLUTION_DETAILS, EntitySet.SOLUTION_DETAILS.name(), "Microsoft Solution Details",
                        "Microsoft Solution Details", c.solutionName(), 200));
        List<KeySpec> keys = List.of(
                new KeySpec(OPPORTUNITY, c.referralId() + "_key", List.of(c.referralId())),
                new KeySpec(LEAD, c.leadReferralId() + "_key", List.of(c.leadReferralId())),
                new KeySpec(SOLUTION_DETAILS, c.solutionId() + "_key", List.of(c.solutionId())));
        return new ConnectorSchema(tables, columns, keys, List.of(OPPORTUNITY, LEAD, SOLUTIONS));
    }

    public Optional<TableSpec> table(String logicalName) {
        return tables.stream().filter(t -> t.logicalName().equals(logicalName)).findFirst();
    }

    /** The opportunity and lead columns with a role, which {@code schema adopt} looks for under Microsoft's labels. */
    public List<ColumnSpec> adoptable() {
        return columns.stream().filter(c -> c.role() != null && !c.table().equals(SOLUTIONS)).toList();
    }

    /** Every logical name the install would create (tables, columns, keys), to check against a publisher prefix. */
    public List<String> componentNames() {
        List<String> names = new ArrayList<>();
        tables.forEach(t -> names.add(t.logicalName()));
        columns.forEach(c -> names.add(c.name()));
        keys.forEach(k -> names.add(k.name()));
        return names;
    }

    private static ColumnSpec column(String table, String name, String label, ColumnKind kind, int maxLength, String role) {
        return new ColumnSpec(table, name, label, kind, maxLength, Map.of(), null, role);
    }

    private static Map<Integer, String> responses() {
        Map<Integer, String> options = new LinkedHashMap<>();
        options.put(ConnectorColumns.ACCEPT, "Accept");
        options.put(ConnectorColumns.DECLINE, "Decline");
        return options;
    }
}
