package io.cosell.emulator.dataverse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cosell.emulator.dataverse.ChoiceOption.of;
import static io.cosell.emulator.dataverse.ChoiceOption.status;
import static io.cosell.emulator.dataverse.ColumnType.DATEONLY;
import static io.cosell.emulator.dataverse.ColumnType.DECIMAL;
import static io.cosell.emulator.dataverse.ColumnType.INTEGER;
import static io.cosell.emulator.dataverse.ColumnType.MONEY;

/**
 * The tables the emulator serves: the standard ones the connector touches (columns per the Dataverse fact sheet
 * §1.4) and the connector's own {@code cosell_*} columns and tables. Customers' custom columns are added through
 * {@link DataverseSettings#extraColumns()}.
 *
 * <p>Naming of the connector's tables: {@code cosell_solutions} rows have the primary key {@code cosell_solutionsid}
 * (Dataverse convention {@code <logical name>id}), so that {@code cosell_solutionid} can hold the Partner Center
 * solution id ({@code SOL-…}); {@code cosell_solutiondetails} is the solution catalogue keyed the same way.
 */
public final class DataverseSchema {

    /** The publisher prefix of the connector's own columns and tables (left out by {@link #withoutConnector}). */
    public static final String CONNECTOR_PREFIX = "cosell_";

    /** {@code cosell_microsofthelp} option value → Partner Center {@code assistanceRequestCode} (the option label). */
    public static final List<ChoiceOption> MICROSOFT_HELP = List.of(
            of(100000000, "GeneralOrOther"),
            of(100000001, "CustomerTechnicalArchitecture"),
            of(100000002, "ProofOfConceptOrDemo"),
            of(100000003, "QuotesOrLicensing"),
            of(100000004, "PostSalesCustomerSuccess"),
            of(100000005, "WorkloadSpecificValueProposition"));

    /** {@code cosell_referralresponse}: the seller's answer to a referral Microsoft shared (accept or decline it). */
    public static final List<ChoiceOption> REFERRAL_RESPONSE = List.of(
            of(100000000, "Accept"),
            of(100000001, "Decline"));

    /** Copy on write: the metadata API adds tables, columns and keys while requests read. */
    private volatile Map<String, EntityDefinition> bySet;
    private final Set<String> changeTracked;

    private DataverseSchema(Map<String, EntityDefinition> bySet, Set<String> changeTracked) {
        this.bySet = Collections.unmodifiableMap(new LinkedHashMap<>(bySet));
        this.changeTracked = ConcurrentHashMap.newKeySet();
        this.changeTracked.addAll(changeTracked);
    }

    /**
     * The standard tables plus the given extra columns (entity set → columns). Every table has change tracking on,
     * as the connector's install leaves them.
     */
    public static DataverseSchema standard(Map<String, List<ColumnDefinition>> extraColumns) {
        Map<String, EntityDefinition> tables = tables(extraColumns, List.of(opportunity(), account(), contact(),
                lead(), transactionCurrency(), opportunityClose(), solution(), solutionDetails(), publisher(),
                systemSolution()));
        return new DataverseSchema(tables, tables.keySet());
    }

    /**
     * A CRM as it is before the connector's schema is installed: the standard tables without any {@code cosell_}
     * column, table or key, and change tracking off everywhere.
     */
    public static DataverseSchema withoutConnector(Map<String, List<ColumnDefinition>> extraColumns) {
        List<EntityDefinition> plain = new ArrayList<>();
        for (EntityDefinition table : List.of(opportunity(), account(), contact(), lead(), transactionCurrency(),
                opportunityClose(), publisher(), systemSolution())) {
            plain.add(table.withoutPrefix(CONNECTOR_PREFIX));
        }
        return new DataverseSchema(tables(extraColumns, plain), Set.of());
    }

    private static Map<String, EntityDefinition> tables(Map<String, List<ColumnDefinition>> extraColumns,
                                                        List<EntityDefinition> definitions) {
        Map<String, EntityDefinition> tables = new LinkedHashMap<>();
        for (EntityDefinition table : definitions) {
            tables.put(table.entitySet(), table.withColumns(extraColumns.getOrDefault(table.entitySet(), List.of())));
        }
        extraColumns.keySet().stream().filter(set -> !tables.containsKey(set)).findFirst().ifPresent(set -> {
            throw new IllegalArgumentException("extra columns for unknown entity set " + set);
        });
        return tables;
    }

    /** Adds or replaces a table's definition (the metadata API's writes). */
    synchronized void put(EntityDefinition table) {
        Map<String, EntityDefinition> next = new LinkedHashMap<>(bySet);
        next.put(table.entitySet(), table);
        bySet = Collections.unmodifiableMap(next);
    }

    public Optional<EntityDefinition> logicalName(String logicalName) {
        return bySet.values().stream().filter(t -> t.logicalName().equals(logicalName)).findFirst();
    }

    public boolean changeTracking(EntityDefinition table) {
        return changeTracked.contains(table.entitySet());
    }

    /** Change tracking, once on, cannot be turned off (as in Dataverse). */
    void enableChangeTracking(EntityDefinition table) {
        changeTracked.add(table.entitySet());
    }

    public Optional<EntityDefinition> entitySet(String name) {
        return Optional.ofNullable(bySet.get(name));
    }

    public EntityDefinition require(String entitySet) {
        return entitySet(entitySet).orElseThrow(() -> new IllegalArgumentException("no entity set " + entitySet));
    }

    public Collection<EntityDefinition> tables() {
        return bySet.values();
    }

    private static EntityDefinition opportunity() {
        return EntityDefinition.builder("opportunity", "opportunities", "opportunityid")
                .primaryName("name", 300)
                .of("estimatedvalue", MONEY)
                .of("estimatedclosedate", DATEONLY)
                .memo("description", 2000)
                .of("actualvalue", MONEY)
                .of("actualclosedate", DATEONLY)
                .of("closeprobability", INTEGER)
                .string("stepname", 200)
                .choice("salesstage", of(0, "Qualify"), of(1, "Develop"), of(2, "Propose"), of(3, "Close"))
                .choice("salesstagecode", of(1, "Default Value"))
                .customer("customerid")
                .lookup("parentaccountid", "accounts")
                .lookup("parentcontactid", "contacts")
                .lookup("transactioncurrencyid", "transactioncurrencies")
                .lookup("originatingleadid", "leads")
                .states(List.of(of(0, "Open"), of(1, "Won"), of(2, "Lost")),
                        List.of(status(1, "In Progress", 0), status(2, "On Hold", 0), status(3, "Won", 1),
                                status(4, "Canceled", 2), status(5, "Out-Sold", 2)))
                .bool("cosell_syncwithpartnercenter", false)
                .string("cosell_referralid", 100)
                .string("cosell_referrallink", 500)
                .add(ColumnDefinition.choice("cosell_microsofthelp", MICROSOFT_HELP))
                .bool("cosell_visibletomicrosoft", false)
                .string("cosell_microsoftcrmid", 100)
                .memo("cosell_audit", 100000)
                .add(ColumnDefinition.choice("cosell_referralresponse", REFERRAL_RESPONSE))
                .string("cosell_declinereason", 1000)
                .string("cosell_partnerrole", 100)
                .string("cosell_solutionarea", 200)
                .string("cosell_solutionplay", 200)
                .alternateKey("cosell_referralid_key", "cosell_referralid")
                .build();
    }

    private static EntityDefinition account() {
        EntityDefinition.Builder account = EntityDefinition.builder("account", "accounts", "accountid")
                .primaryName("name", 160)
                .string("accountnumber", 20)
                .string("telephone1", 50)
                .string("websiteurl", 200)
                .string("emailaddress1", 100)
                .memo("description", 2000);
        return address(account)
                .lookup("parentaccountid", "accounts")
                .lookup("primarycontactid", "contacts")
                .lookup("transactioncurrencyid", "transactioncurrencies")
                .states(List.of(of(0, "Active"), of(1, "Inactive")),
                        List.of(status(1, "Active", 0), status(2, "Inactive", 1)))
                .build();
    }

    private static EntityDefinition contact() {
        EntityDefinition.Builder contact = EntityDefinition.builder("contact", "contacts", "contactid")
                .string("firstname", 50)
                .string("lastname", 50)
                .readOnly("fullname", ColumnType.STRING)
                .namedBy("fullname")
                .string("emailaddress1", 100)
                .string("telephone1", 50)
                .string("jobtitle", 100);
        return address(contact)
                .customer("parentcustomerid")
                .lookup("transactioncurrencyid", "transactioncurrencies")
                .states(List.of(of(0, "Active"), of(1, "Inactive")),
                        List.of(status(1, "Active", 0), status(2, "Inactive", 1)))
                .build();
    }

    private static EntityDefinition lead() {
        EntityDefinition.Builder lead = EntityDefinition.builder("lead", "leads", "leadid")
                .string("subject", 300)
                .string("firstname", 50)
                .string("lastname", 50)
                .readOnly("fullname", ColumnType.STRING)
                .namedBy("fullname")
                .string("companyname", 100)
                .string("emailaddress1", 100)
                .string("telephone1", 50)
                .string("jobtitle", 100)
                .string("websiteurl", 200)
                .memo("description", 2000);
        return address(lead)
                .of("estimatedamount", MONEY)
                .of("estimatedvalue", DECIMAL)
                .of("estimatedclosedate", DATEONLY)
                .of("budgetamount", MONEY)
                .lookup("parentaccountid", "accounts")
                .lookup("parentcontactid", "contacts")
                .customer("customerid")
                .lookup("qualifyingopportunityid", "opportunities")
                .lookup("transactioncurrencyid", "transactioncurrencies")
                .states(List.of(of(0, "Open"), of(1, "Qualified"), of(2, "Disqualified")),
                        List.of(status(1, "New", 0), status(2, "Contacted", 0), status(3, "Qualified", 1),
                                status(4, "Lost", 2), status(5, "Cannot Contact", 2),
                                status(6, "No Longer Interested", 2), status(7, "Canceled", 2)))
                .string("cosell_referralid", 100)
                .add(ColumnDefinition.choice("cosell_referralresponse", REFERRAL_RESPONSE))
                .string("cosell_declinereason", 1000)
                .alternateKey("cosell_referralid_key", "cosell_referralid")
                .build();
    }

    private static EntityDefinition.Builder address(EntityDefinition.Builder table) {
        return table.string("address1_line1", 250)
                .string("address1_city", 80)
                .string("address1_postalcode", 20)
                .string("address1_stateorprovince", 50)
                .string("address1_country", 80);
    }

    private static EntityDefinition transactionCurrency() {
        return EntityDefinition.builder("transactioncurrency", "transactioncurrencies", "transactioncurrencyid")
                .add(ColumnDefinition.string("isocurrencycode", 5).withAccess(ColumnDefinition.Access.CREATE_ONLY))
                .primaryName("currencyname", 100)
                .string("currencysymbol", 10)
                .of("exchangerate", DECIMAL)
                .states(List.of(of(0, "Active"), of(1, "Inactive")),
                        List.of(status(1, "Active", 0), status(2, "Inactive", 1)))
                .build();
    }

    private static EntityDefinition opportunityClose() {
        return EntityDefinition.builder("opportunityclose", "opportunitycloses", "activityid")
                .primaryName("subject", 200)
                .memo("description", 2000)
                .of("actualrevenue", MONEY)
                .of("actualend", DATEONLY)
                .lookup("opportunityid", "opportunities")
                .build();
    }

    private static EntityDefinition solution() {
        return EntityDefinition.builder("cosell_solutions", "cosell_solutions", "cosell_solutionsid")
                .string("cosell_solutionid", 100)
                .primaryName("cosell_name", 200)
                .string("cosell_type", 50)
                .lookup("cosell_opportunityid", "opportunities")
                .build();
    }

    /** The system table of solution publishers (the metadata API creates rows through the normal data API). */
    private static EntityDefinition publisher() {
        return EntityDefinition.builder("publisher", "publishers", "publisherid")
                .string("uniquename", 100)
                .primaryName("friendlyname", 256)
                .memo("description", 2000)
                .string("customizationprefix", 8)
                .of("customizationoptionvalueprefix", INTEGER)
                .build();
    }

    /** The system table of solutions ({@code solutions}); each names its publisher. */
    private static EntityDefinition systemSolution() {
        return EntityDefinition.builder("solution", "solutions", "solutionid")
                .string("uniquename", 65)
                .primaryName("friendlyname", 256)
                .memo("description", 2000)
                .string("version", 20)
                .lookup("publisherid", "publishers")
                .build();
    }

    private static EntityDefinition solutionDetails() {
        return EntityDefinition.builder("cosell_solutiondetails", "cosell_solutiondetails", "cosell_solutiondetailsid")
                .string("cosell_solutionid", 100)
                .primaryName("cosell_name", 200)
                .string("cosell_type", 50)
                .string("cosell_publisher", 200)
                .alternateKey("cosell_solutionid_key", "cosell_solutionid")
                .build();
    }

}
