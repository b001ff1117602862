package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.referral.Address;
import io.cosell.shared.referral.CustomerProfile;
import io.cosell.shared.referral.Member;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.referral.ReferralType;
import io.cosell.shared.referral.SolutionTag;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Maps a CRM opportunity to Partner Center data (CRM → Partner Center), as the {@link MappingConfig} says; the
 * counterpart of {@link ReferralMapper}. Pure: no I/O.
 *
 * <pre>
 * Partner Center                               | CRM (defaults)
 * name                                         | opportunity name without ✔/✘ (the account name when empty)
 * details.dealValue                            | deal value column (estimatedvalue)
 * details.currency                             | isocurrencycode of the currency lookup (transactioncurrencyid)
 * details.closingDateTime                      | close date column (estimatedclosedate), midnight UTC
 * details.notes                                | description
 * details.requirements.solutions, target       | cosell_solutions rows: {id, name, type (Name when empty)};
 *                                              | target = one SolutionProfile per solution id
 * consent.consentToShareReferralWithMicrosoftSellers, type
 *                                              | cosell_visibletomicrosoft, or true when help is chosen; type Shared
 *                                              | when true, else Independent
 * inviteContext.assistanceRequestCode          | cosell_microsofthelp option (config microsoftHelpValues)
 * customerProfile.name, address                | account name, address1_line1/city/stateorprovince/postalcode and
 *                                              | the country code column (upper case)
 * customerProfile.team                         | customer contacts: firstname, lastname, emailaddress1, telephone1,
 *                                              | jobtitle (as title)
 * externalReferenceId                          | the opportunity id
 * partnerRole, solutionArea, solutionPlay      | the taxonomy columns, when configured ({@link ReferralTaxonomy});
 *                                              | top-level properties, sent when the referral is created
 * status / substatus / statusReason            | see {@link ReferralStatusChange}
 * </pre>
 * Customer contacts: the opportunity's Contact ({@code parentcontactid}), else its Potential Customer when that is a
 * contact, else the account's Primary Contact. Deliberately not every contact of the account: only people the seller
 * tied to this deal are shared with Microsoft.
 */
public final class OpportunityMapper {

    static final String STATECODE = "statecode";
    static final String STATUSCODE = "statuscode";
    static final String DEFAULT_SOLUTION_TYPE = "Name";
    private static final Map<Integer, String> CLOSED_STATUS_LABELS = Map.of(3, "Won", 4, "Canceled", 5, "Out-Sold");

    private final MappingConfig config;
    private final Map<Integer, String> helpCodes;
    private final ReferralJson json;

    public OpportunityMapper(MappingConfig config, ObjectMapper json) {
        this.config = config;
        this.json = new ReferralJson(json);
        this.helpCodes = config.microsoftHelpValues().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey, (a, b) -> a));
    }

    /** The opportunity columns {@link #map} reads. */
    public List<String> opportunityColumns() {
        ConnectorColumns connector = config.connectorColumns();
        List<String> columns = new ArrayList<>(List.of("name", "description", config.dealValueColumn(),
                config.closeDateColumn(), currencyValue(), "_customerid_value", "_parentaccountid_value",
                "_parentcontactid_value", STATECODE, STATUSCODE, connector.syncWithPartnerCenter(),
                connector.referralId(), connector.referralLink(), connector.microsoftHelp(),
                connector.visibleToMicrosoft(), connector.audit(), connector.referralResponse(),
                connector.declineReason()));
        columns.addAll(config.taxonomy().columns());
        return List.copyOf(columns);
    }

    public List<String> accountColumns() {
        return List.of("name", "address1_line1", "address1_city", "address1_stateorprovince", "address1_postalcode",
                config.accountCountry().codeColumn(), "_primarycontactid_value");
    }

    public List<String> contactColumns() {
        return List.of("firstname", "lastname", "emailaddress1", "telephone1", "jobtitle");
    }

    public List<String> solutionColumns() {
        ConnectorColumns connector = config.connectorColumns();
        return List.of(connector.solutionId(), connector.solutionName(), connector.solutionType());
    }

    /** {@code _<currency lookup>_value}. */
    public String currencyValue() {
        return "_" + config.currencyLookup() + "_value";
    }

    public MappedOpportunity map(OpportunityRecords records) {
        ObjectNode row = records.opportunity();
        ConnectorColumns connector = config.connectorColumns();
        Map<String, String> fields = new LinkedHashMap<>();
        String accountName = records.account().map(a -> text(a, "name")).orElse(null);
        String name = Optional.ofNullable(text(row, "name")).map(CheckMark::strip).filter(n -> !n.isBlank())
                .orElse(accountName);
        put(fields, ReferralFields.NAME, name);
        BigDecimal dealValue = number(row.get(config.dealValueColumn()));
        put(fields, ReferralFields.DEAL_VALUE, dealValue == null ? null : plain(dealValue));
        Optional<String> currency = records.currency().map(c -> c.strip().toUpperCase(Locale.ROOT));
        put(fields, ReferralFields.CURRENCY, currency.orElse(null));
        put(fields, ReferralFields.CLOSING_DATE, closingDateTime(text(row, config.closeDateColumn())));
        put(fields, ReferralFields.NOTES, text(row, "description"));
        List<SolutionTag> solutions = solutions(records.solutions());
        put(fields, ReferralFields.SOLUTIONS, solutions.stream().map(SolutionTag::id).collect(Collectors.joining(", ")));

        JsonNode helpOption = row.get(connector.microsoftHelp());
        Optional<Integer> help = helpOption == null || !helpOption.isNumber() ? Optional.empty()
                : Optional.of(helpOption.intValue());
        Optional<String> helpCode = help.map(helpCodes::get);
        put(fields, ReferralFields.MICROSOFT_HELP, helpCode.orElse(null));
        boolean visible = row.path(connector.visibleToMicrosoft()).asBoolean(false) || help.isPresent();
        fields.put(ReferralFields.VISIBLE_TO_MICROSOFT, Boolean.toString(visible));

        List<Member> contacts = records.contacts().stream().map(OpportunityMapper::member).toList();
        Optional<CustomerProfile> customer = records.account().map(account -> customer(account, contacts));
        Optional<String> country = records.account().map(a -> text(a, config.accountCountry().codeColumn()));
        ReferralTaxonomy.Values taxonomy = taxonomy(row);
        Referral referral = referralToCreate(records, fields, solutions, customer, visible, taxonomy);
        return new MappedOpportunity(records.opportunityId().toString(), fields, solutions, contacts,
                records.account().isPresent(), country, currency, help.filter(h -> !helpCodes.containsKey(h)),
                requestedStatus(records), referral, taxonomy);
    }

    private ReferralTaxonomy.Values taxonomy(ObjectNode row) {
        ReferralTaxonomy taxonomy = config.taxonomy();
        return new ReferralTaxonomy.Values(column(row, taxonomy.partnerRoleColumn()),
                column(row, taxonomy.solutionAreaColumn()), column(row, taxonomy.solutionPlayColumn()));
    }

    private static Optional<String> column(ObjectNode row, String column) {
        return column == null ? Optional.empty() : Optional.ofNullable(text(row, column)).map(String::strip);
    }

    private Optional<ReferralStatusChange> requestedStatus(OpportunityRecords records) {
        ObjectNode row = records.opportunity();
        int state = row.path(STATECODE).asInt(0);
        if (state == 1 || state == 2) {
            int status = row.path(STATUSCODE).asInt(state == 1 ? 3 : 4);
            String reason = CLOSED_STATUS_LABELS.getOrDefault(status, "Status " + status)
                    + records.closeDescription().filter(d -> !d.isBlank()).map(d -> ": " + d.strip()).orElse("");
            return Optional.of(state == 1 ? ReferralStatusChange.won(reason) : ReferralStatusChange.lost(reason));
        }
        ConnectorColumns connector = config.connectorColumns();
        int response = row.path(connector.referralResponse()).asInt(0);
        if (response == ConnectorColumns.ACCEPT) {
            return Optional.of(ReferralStatusChange.accept());
        }
        if (response == ConnectorColumns.DECLINE) {
            return Optional.of(ReferralStatusChange.decline(
                    Optional.ofNullable(text(row, connector.declineReason())).map(String::strip)));
        }
        return Optional.empty();
    }

    private Referral referralToCreate(OpportunityRecords records, Map<String, String> fields,
                                      List<SolutionTag> solutions, Optional<CustomerProfile> customer, boolean visible,
                                      ReferralTaxonomy.Values taxonomy) {
        ObjectNode body = JsonNodeFactory.withExactBigDecimals(true).objectNode();
        body.put("name", fields.get(ReferralFields.NAME));
        body.put("externalReferenceId", records.opportunityId().toString());
        body.put("type", (visible ? ReferralType.SHARED : ReferralType.INDEPENDENT).value());
        body.putObject("consent").put("consentToShareReferralWithMicrosoftSellers", visible);
        customer.ifPresent(profile -> body.set("customerProfile", json.tree(profile)));
        ObjectNode details = body.putObject("details");
        details.put("notes", fields.get(ReferralFields.NOTES));
        Optional.ofNullable(fields.get(ReferralFields.DEAL_VALUE)).ifPresent(v -> details.put("dealValue", new BigDecimal(v)));
        details.put("currency", fields.get(ReferralFields.CURRENCY));
        details.put("closingDateTime", fields.get(ReferralFields.CLOSING_DATE));
        details.putObject("requirements").set("solutions", json.tree(solutions));
        body.set("target", targets(solutions));
        Optional.ofNullable(fields.get(ReferralFields.MICROSOFT_HELP))
                .ifPresent(code -> body.putObject("inviteContext").put("assistanceRequestCode", code));
        taxonomy.partnerRole().ifPresent(role -> body.put(ReferralTaxonomy.PARTNER_ROLE, role));
        taxonomy.solutionArea().ifPresent(area -> body.put(ReferralTaxonomy.SOLUTION_AREA, area));
        taxonomy.solutionPlay().ifPresent(play -> body.put(ReferralTaxonomy.SOLUTION_PLAY, play));
        return json.read(body.toString().getBytes(StandardCharsets.UTF_8), Referral.class);
    }

    /** {@code target}: one {@code SolutionProfile} per solution. */
    public static ArrayNode targets(List<SolutionTag> solutions) {
        ArrayNode targets = JsonNodeFactory.instance.arrayNode();
        solutions.forEach(solution -> targets.addObject().put("type", "SolutionProfile").put("id", solution.id()));
        return targets;
    }

    private CustomerProfile customer(ObjectNode account, List<Member> contacts) {
        String country = text(account, config.accountCountry().codeColumn());
        Address address = new Address(text(account, "address1_line1"), null, text(account, "address1_city"),
                text(account, "address1_stateorprovince"), text(account, "address1_postalcode"),
                country == null ? null : country.strip().toUpperCase(Locale.ROOT), null, Map.of());
        return new CustomerProfile(text(account, "name"), address, null, contacts.isEmpty() ? null : contacts, null,
                Map.of());
    }

    private List<SolutionTag> solutions(List<ObjectNode> rows) {
        ConnectorColumns connector = config.connectorColumns();
        List<SolutionTag> tags = new ArrayList<>();
        for (ObjectNode row : rows) {
            String id = text(row, connector.solutionId());
            if (id == null || tags.stream().anyMatch(tag -> tag.id().equals(id.strip()))) {
                continue;
            }
            String name = text(row, connector.solutionName());
            String type = text(row, connector.solutionType());
            tags.add(new SolutionTag(id.strip(), name == null ? id.strip() : name.strip(),
                    type == null ? DEFAULT_SOLUTION_TYPE : type.strip(), Map.of()));
        }
        return tags;
    }

    static Member member(ObjectNode contact) {
        String title = text(contact, "jobtitle");
        return new Member(text(contact, "firstname"), text(contact, "lastname"), text(contact, "telephone1"),
                text(contact, "emailaddress1"), null,
                title == null ? Map.of() : Map.of("title", JsonNodeFactory.instance.textNode(title)));
    }

    /** A date-only column as Partner Center's close date: that day at midnight UTC. */
    private static String closingDateTime(String date) {
        if (date == null || date.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(date.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal number(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        return value.asText();
    }

    private static void put(Map<String, String> fields, String path, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(path, value);
        }
    }
}
