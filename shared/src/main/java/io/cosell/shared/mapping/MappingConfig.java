package io.cosell.shared.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How Partner Center referrals map onto a customer's CRM: everything a customer may need to change without touching
 * code. A component left out (null, or missing from the JSON) takes its default; a component given but unusable
 * (e.g. a blank deal value column) is rejected with a message naming it, so a broken configuration fails at start-up
 * rather than in the middle of a sync.
 *
 * @param dealValueColumn      opportunity column for the deal value (default {@code estimatedvalue})
 * @param leadDealValueColumn  lead column for the deal value (default {@code budgetamount}, as Microsoft's sample)
 * @param currencyLookup       navigation property of the currency lookup on opportunity and lead (default
 *                             {@code transactioncurrencyid}); bound to the {@code transactioncurrencies} row whose
 *                             {@code isocurrencycode} is the referral's currency
 * @param closeDateColumn      date-only column for the expected close date on opportunity and lead (default
 *                             {@code estimatedclosedate}, written as {@code yyyy-MM-dd})
 * @param accountMatchColumns  account columns an inbound customer is matched on (default {@code name},
 *                             {@code address1_postalcode}); each must be one the connector fills on new accounts
 * @param accountCountry       where the two-letter country code goes (default text column {@code address1_country})
 * @param newReferralBecomes   what a not-yet-accepted referral becomes (default LEAD)
 * @param checkMarks           ✔/✘ prefix on the record name after a sync (default true)
 * @param defaultValues        values for mandatory columns per table
 * @param connectorColumns     the connector's own column names
 * @param microsoftHelpValues  Partner Center {@code assistanceRequestCode} → option value of the "How can Microsoft
 *                             help?" choice column (default: the connector's choice, 100000000..100000005)
 * @param referralLinkTemplate link to the referral in Partner Center; {@code {id}} is replaced by the referral id and
 *                             {@code {engagementId}} by its engagement id
 * @param conflictWinner       which side's value a field keeps when both changed it since the last sync (a true
 *                             conflict), in both directions; default CRM. Only fields the CRM owns (name, deal value,
 *                             currency, close date, notes, solutions, visibility, Microsoft help) can conflict: fields
 *                             Partner Center owns (status set by Microsoft, Microsoft's CRM id) are never sent and always
 *                             take Partner Center's value
 * @param taxonomy             partner role, solution area and solution play: their opportunity columns and allowed
 *                             values ({@link ReferralTaxonomy}); default none mapped
 */
public record MappingConfig(String dealValueColumn, String leadDealValueColumn, String currencyLookup,
                            String closeDateColumn, List<String> accountMatchColumns, CountryMapping accountCountry,
                            NewReferralTarget newReferralBecomes, Boolean checkMarks, ColumnDefaults defaultValues,
                            ConnectorColumns connectorColumns, Map<String, Integer> microsoftHelpValues,
                            String referralLinkTemplate, ConflictWinner conflictWinner, ReferralTaxonomy taxonomy) {

    /**
     * The Partner Center portal's deep-link format for a referral is not documented; this is the co-sell referral
     * page of the partner dashboard as seen in the portal. Configure another form if the portal moves it.
     */
    public static final String DEFAULT_REFERRAL_LINK = "https://partner.microsoft.com/dashboard/referrals/v2/opportunities/{id}";

    /** The account columns the connector fills on a new account (besides the country column). */
    public static final Set<String> ACCOUNT_COLUMNS = Set.of("name", "address1_line1", "address1_city",
            "address1_stateorprovince", "address1_postalcode");

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DEFAULT_COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(@odata\\.bind)?");

    public MappingConfig {
        dealValueColumn = dealValueColumn == null ? "estimatedvalue" : dealValueColumn;
        leadDealValueColumn = leadDealValueColumn == null ? "budgetamount" : leadDealValueColumn;
        currencyLookup = currencyLookup == null ? "transactioncurrencyid" : currencyLookup;
        closeDateColumn = closeDateColumn == null ? "estimatedclosedate" : closeDateColumn;
        accountMatchColumns = accountMatchColumns == null ? List.of("name", "address1_postalcode")
                : List.copyOf(accountMatchColumns);
        accountCountry = accountCountry == null ? CountryMapping.text("address1_country") : accountCountry;
        newReferralBecomes = newReferralBecomes == null ? NewReferralTarget.LEAD : newReferralBecomes;
        checkMarks = checkMarks == null || checkMarks;
        defaultValues = defaultValues == null ? ColumnDefaults.none() : defaultValues;
        connectorColumns = connectorColumns == null ? ConnectorColumns.defaults() : connectorColumns;
        microsoftHelpValues = microsoftHelpValues == null ? defaultMicrosoftHelpValues() : Map.copyOf(microsoftHelpValues);
        referralLinkTemplate = referralLinkTemplate == null ? DEFAULT_REFERRAL_LINK : referralLinkTemplate;
        conflictWinner = conflictWinner == null ? ConflictWinner.CRM : conflictWinner;
        taxonomy = taxonomy == null ? ReferralTaxonomy.none() : taxonomy;
        List<String> problems = problems(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, accountCountry, defaultValues, connectorColumns, referralLinkTemplate);
        problems.addAll(taxonomy.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid mapping configuration: " + String.join("; ", problems));
        }
    }

    /** Every default: the standard Dataverse columns and the connector's own. */
    public static MappingConfig defaults() {
        return new MappingConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Reads a configuration from JSON whose property names are the component names; missing properties take their
     * defaults, unknown ones are rejected (a misspelt name would otherwise be ignored silently), although the
     * connector's mapper ignores unknown properties elsewhere.
     *
     * @param mapper the connector's mapper
     */
    public static MappingConfig fromJson(ObjectMapper mapper, String json) {
        try {
            return mapper.readerFor(MappingConfig.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(json);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid mapping configuration JSON: " + e.getOriginalMessage(), e);
        }
    }

    public MappingConfig withNewReferralBecomes(NewReferralTarget target) {
        return new MappingConfig(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, accountCountry, target, checkMarks, defaultValues, connectorColumns,
                microsoftHelpValues, referralLinkTemplate, conflictWinner, taxonomy);
    }

    public MappingConfig withCheckMarks(boolean on) {
        return new MappingConfig(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, accountCountry, newReferralBecomes, on, defaultValues, connectorColumns,
                microsoftHelpValues, referralLinkTemplate, conflictWinner, taxonomy);
    }

    public MappingConfig withAccountCountry(CountryMapping country) {
        return new MappingConfig(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, country, newReferralBecomes, checkMarks, defaultValues, connectorColumns,
                microsoftHelpValues, referralLinkTemplate, conflictWinner, taxonomy);
    }

    public MappingConfig withDefaultValues(ColumnDefaults defaults) {
        return new MappingConfig(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, accountCountry, newReferralBecomes, checkMarks, defaults, connectorColumns,
                microsoftHelpValues, referralLinkTemplate, conflictWinner, taxonomy);
    }

    public MappingConfig withReferralLinkTemplate(String template) {
        return new MappingConfig(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, accountCountry, newReferralBecomes, checkMarks, defaultValues, connectorColumns,
                microsoftHelpValues, template, conflictWinner, taxonomy);
    }

    public MappingConfig withConflictWinner(ConflictWinner winner) {
        return new MappingConfig(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, accountCountry, newReferralBecomes, checkMarks, defaultValues, connectorColumns,
                microsoftHelpValues, referralLinkTemplate, winner, taxonomy);
    }

    public MappingConfig withTaxonomy(ReferralTaxonomy value) {
        return new MappingConfig(dealValueColumn, leadDealValueColumn, currencyLookup, closeDateColumn,
                accountMatchColumns, accountCountry, newReferralBecomes, checkMarks, defaultValues, connectorColumns,
                microsoftHelpValues, referralLinkTemplate, conflictWinner, value);
    }

    /** The link to a referral in Partner Center. */
    public String referralLink(String referralId, String engagementId) {
        return referralLinkTemplate.replace("{id}", referralId)
                .replace("{engagementId}", engagementId == null ? "" : engagementId);
    }

    private static Map<String, Integer> defaultMicrosoftHelpValues() {
        Map<String, Integer> values = new LinkedHashMap<>();
        List<String> codes = List.of("GeneralOrOther", "CustomerTechnicalArchitecture", "ProofOfConceptOrDemo",
                "QuotesOrLicensing", "PostSalesCustomerSuccess", "WorkloadSpecificValueProposition");
        for (int i = 0; i < codes.size(); i++) {
            values.put(codes.get(i), 100_000_000 + i);
        }
        return Map.copyOf(values);
    }

    private static List<String> problems(String dealValueColumn, String leadDealValueColumn, String currencyLookup,
                                         String closeDateColumn, List<String> accountMatchColumns,
                                         CountryMapping country, ColumnDefaults defaults, ConnectorColumns connector,
                                         String referralLinkTemplate) {
        List<String> problems = new ArrayList<>();
        column(problems, "dealValueColumn", dealValueColumn, "an opportunity column such as estimatedvalue");
        column(problems, "leadDealValueColumn", leadDealValueColumn, "a lead column such as budgetamount");
        column(problems, "currencyLookup", currencyLookup, "the currency lookup such as transactioncurrencyid");
        column(problems, "closeDateColumn", closeDateColumn, "a date-only column such as estimatedclosedate");
        column(problems, "accountCountry.column", country.column(), "an account column such as address1_country");
        if (country.mode() == CountryMode.LOOKUP) {
            column(problems, "accountCountry.helperTextColumn", country.helperTextColumn(),
                    "the text column holding the two-letter code next to the country lookup");
        }
        Set<String> fillable = new LinkedHashSet<>(ACCOUNT_COLUMNS);
        if (country.codeColumn() != null) {
            fillable.add(country.codeColumn());
        }
        fillable.addAll(defaults.account().keySet());
        if (accountMatchColumns.isEmpty()) {
            problems.add("accountMatchColumns must name at least one account column (default: name, address1_postalcode)");
        }
        for (String match : accountMatchColumns) {
            if (!fillable.contains(match)) {
                problems.add("accountMatchColumns: '" + match + "' is not a column the connector fills on new accounts "
                        + fillable + ", so a created account would never match again");
            }
        }
        for (var table : Map.of("opportunity", defaults.opportunity(), "lead", defaults.lead(),
                "account", defaults.account(), "contact", defaults.contact()).entrySet()) {
            table.getValue().forEach((name, value) -> {
                if (!DEFAULT_COLUMN.matcher(name).matches()) {
                    problems.add("defaultValues." + table.getKey() + ": '" + name
                            + "' is not a column name (or <navigation>@odata.bind)");
                }
                if (value == null || value.isMissingNode()) {
                    problems.add("defaultValues." + table.getKey() + "." + name + " has no value");
                }
            });
        }
        for (var entry : Map.of("syncWithPartnerCenter", connector.syncWithPartnerCenter(),
                "referralId", connector.referralId(), "referralLink", connector.referralLink(),
                "microsoftHelp", connector.microsoftHelp(), "visibleToMicrosoft", connector.visibleToMicrosoft(),
                "microsoftCrmId", connector.microsoftCrmId(), "audit", connector.audit(),
                "leadReferralId", connector.leadReferralId(), "solutionId", connector.solutionId(),
                "solutionName", connector.solutionName()).entrySet()) {
            column(problems, "connectorColumns." + entry.getKey(), entry.getValue(), "a column name");
        }
        column(problems, "connectorColumns.solutionType", connector.solutionType(), "a column name");
        column(problems, "connectorColumns.referralResponse", connector.referralResponse(), "a choice column name");
        column(problems, "connectorColumns.declineReason", connector.declineReason(), "a column name");
        column(problems, "connectorColumns.solutionOpportunity", connector.solutionOpportunity(), "a lookup name");
        if (!referralLinkTemplate.contains("{id}")
                || !(referralLinkTemplate.startsWith("https://") || referralLinkTemplate.startsWith("http://"))) {
            problems.add("referralLinkTemplate must be an http(s) URL containing {id}, e.g. " + DEFAULT_REFERRAL_LINK);
        }
        return problems;
    }

    private static void column(List<String> problems, String name, String value, String expected) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is empty; it must name " + expected);
        } else if (!COLUMN.matcher(value).matches()) {
            problems.add(name + " '" + value + "' is not a column name; it must name " + expected);
        }
    }
}
