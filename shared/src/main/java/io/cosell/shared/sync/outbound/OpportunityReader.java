package io.cosell.shared.sync.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.OpportunityMapper;
import io.cosell.shared.mapping.OpportunityRecords;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what an outbound sync needs from the CRM, one request per record kind, selecting only the mapped columns:
 * the opportunity; its customer account (the Account lookup, else the Potential Customer when that is an account) and
 * customer contact (the Contact lookup, else the Potential Customer when that is a contact, else the account's Primary
 * Contact) only when asked for; its {@code cosell_solutions} rows; its currency's ISO code (remembered per currency id:
 * {@code isocurrencycode} cannot change); for a won or lost opportunity, its latest {@code opportunityclose}.
 */
final class OpportunityReader {

    /** Who the opportunity's customer is, as read. */
    record Customer(Optional<ObjectNode> account, List<ObjectNode> contacts, boolean customerIsContact) {

        static final Customer NOT_READ = new Customer(Optional.empty(), List.of(), false);
    }

    private final DataverseClient crm;
    private final OpportunityMapper mapper;
    private final MappingConfig config;
    private final Map<UUID, String> currencyCodes = new ConcurrentHashMap<>();

    OpportunityReader(DataverseClient crm, OpportunityMapper mapper, MappingConfig config) {
        this.crm = crm;
        this.mapper = mapper;
        this.config = config;
    }

    Optional<CrmRecord> opportunity(UUID id) {
        return crm.get(EntitySet.OPPORTUNITIES, id, mapper.opportunityColumns());
    }

    Customer customer(CrmRecord opportunity) {
        Optional<UUID> customerId = opportunity.lookup("customerid");
        Optional<UUID> accountId = opportunity.lookup("parentaccountid").or(() -> customerId);
        Optional<ObjectNode> account = accountId.flatMap(id -> crm.get(EntitySet.ACCOUNTS, id, mapper.accountColumns()))
                .map(CrmRecord::fields);
        boolean customerIsContact = customerId.isPresent() && opportunity.lookup("parentaccountid").isEmpty()
                && account.isEmpty();
        Optional<UUID> contactId = opportunity.lookup("parentcontactid")
                .or(() -> customerIsContact ? customerId : Optional.empty())
                .or(() -> account.flatMap(a -> text(a, "_primarycontactid_value")).map(UUID::fromString));
        List<ObjectNode> contacts = contactId.flatMap(id -> crm.get(EntitySet.CONTACTS, id, mapper.contactColumns()))
                .map(CrmRecord::fields).stream().toList();
        return new Customer(account, contacts, customerIsContact);
    }

    OpportunityRecords records(CrmRecord opportunity, Customer customer) {
        return new OpportunityRecords(opportunity.id(), opportunity.fields(), customer.account(), customer.contacts(),
                solutions(opportunity.id()), currency(opportunity), closeDescription(opportunity));
    }

    private List<ObjectNode> solutions(UUID opportunityId) {
        String lookup = "_" + config.connectorColumns().solutionOpportunity() + "_value";
        return crm.query(EntitySet.SOLUTIONS, ODataQuery.all().withSelect(mapper.solutionColumns())
                        .filter(ODataFilter.eq(lookup, opportunityId)).orderByAsc("createdon"))
                .stream().map(CrmRecord::fields).toList();
    }

    private Optional<String> currency(CrmRecord opportunity) {
        Optional<UUID> id = opportunity.text(mapper.currencyValue()).map(UUID::fromString);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String known = currencyCodes.get(id.get());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> code = crm.get(EntitySet.TRANSACTION_CURRENCIES, id.get(), List.of("isocurrencycode"))
                .flatMap(row -> row.text("isocurrencycode"));
        code.ifPresent(c -> currencyCodes.put(id.get(), c));
        return code;
    }

    private Optional<String> closeDescription(CrmRecord opportunity) {
        if (opportunity.fields().path("statecode").asInt(0) == 0) {
            return Optional.empty();
        }
        return crm.query(EntitySet.OPPORTUNITY_CLOSES, ODataQuery.select("description")
                        .filter(ODataFilter.eq("_opportunityid_value", opportunity.id()))
                        .orderByDesc("createdon").top(1))
                .stream().findFirst().flatMap(close -> close.text("description"));
    }

    private static Optional<String> text(ObjectNode row, String column) {
        return Optional.ofNullable(row.get(column)).filter(v -> !v.isNull()).map(v -> v.asText());
    }
}
