package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.NewRecord;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.state.CursorLeaseStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds or creates the customer's account and contacts. The account is matched on the configured columns (filters
 * built with {@link ODataFilter}, so any company name matches literally), else created; each contact is matched by
 * {@code emailaddress1} within that account (by first and last name when it has no e-mail), else created under it.
 * The whole find-or-create runs under a lease per account match key, so two syncs of the same customer at once
 * cannot both create it; a lease held elsewhere ends the sync with {@link RetryLater}. Records are created under ids
 * derived from the referral, the match key and (contacts) the person ({@link RecordIds}), so a create whose answer
 * was lost is never made twice. A new customer's account and contacts are created together in one change set
 * ({@link DataverseClient#createAllWithIds}): one request instead of a query and a create per contact.
 */
final class CustomerRecords {

    /** The customer's account and its contacts, in the order of the referral's customer team. */
    record Customer(UUID accountId, List<UUID> contactIds) {

        Optional<UUID> firstContact() {
            return contactIds.stream().findFirst();
        }
    }

    private final DataverseClient crm;
    private final CursorLeaseStore leases;
    private final Duration leaseDuration;
    private final RecordIds records;

    CustomerRecords(DataverseClient crm, CursorLeaseStore leases, Duration leaseDuration) {
        this.crm = crm;
        this.leases = leases;
        this.leaseDuration = leaseDuration;
        this.records = new RecordIds(crm);
    }

    Customer findOrCreate(MappedReferral mapped, String owner) {
        String matchKey = matchKey(mapped.accountMatch());
        String lease = "account#" + matchKey;
        if (!leases.tryAcquire(lease, owner, leaseDuration)) {
            throw new RetryLater("The customer account " + mapped.account().path("name").asText()
                    + " is being written by another sync; will retry.");
        }
        try {
            Optional<UUID> found = findAccount(mapped.accountMatch());
            if (found.isEmpty()) {
                Optional<Customer> created = createTogether(mapped, matchKey);
                if (created.isPresent()) {
                    return created.get();
                }
            }
            UUID account = found.orElseGet(() -> records.create(EntitySet.ACCOUNTS, mapped.referralId(),
                    "account:" + matchKey, mapped.account()));
            List<UUID> contacts = new ArrayList<>();
            for (ObjectNode contact : mapped.contacts()) {
                contacts.add(findContact(account, contact).orElseGet(() -> createContact(mapped.referralId(), account, contact)));
            }
            return new Customer(account, contacts);
        } finally {
            leases.release(lease, owner);
        }
    }

    /**
     * A new customer: the account and its contacts in one change set. Empty when one of them existed already (a
     * repeat of a create whose answer was lost): nothing was written, and they are found or created one by one.
     */
    private Optional<Customer> createTogether(MappedReferral mapped, String matchKey) {
        UUID account = RecordIds.idOf(EntitySet.ACCOUNTS, mapped.referralId(), "account:" + matchKey);
        List<NewRecord> creates = new ArrayList<>();
        creates.add(new NewRecord(EntitySet.ACCOUNTS, account, mapped.account()));
        for (ObjectNode contact : mapped.contacts()) {
            NewRecord created = contactRecord(mapped.referralId(), account, contact);
            if (creates.stream().noneMatch(c -> c.id().equals(created.id()))) {
                creates.add(created);
            }
        }
        if (!crm.createAllWithIds(creates)) {
            return Optional.empty();
        }
        List<UUID> contacts = mapped.contacts().stream()
                .map(contact -> contactRecord(mapped.referralId(), account, contact).id()).toList();
        return Optional.of(new Customer(account, contacts));
    }

    private Optional<UUID> findAccount(ObjectNode match) {
        List<ODataFilter> conditions = new ArrayList<>();
        match.fields().forEachRemaining(column -> conditions.add(ODataFilter.eq(column.getKey(), literal(column.getValue()))));
        return first(EntitySet.ACCOUNTS, all(conditions));
    }

    private Optional<UUID> findContact(UUID account, ObjectNode contact) {
        ODataFilter inAccount = ODataFilter.eq("_parentcustomerid_value", account);
        ODataFilter person = contact.hasNonNull("emailaddress1")
                ? ODataFilter.eq("emailaddress1", contact.get("emailaddress1").asText())
                : ODataFilter.and(ODataFilter.eq("firstname", literal(contact.path("firstname"))),
                        ODataFilter.eq("lastname", literal(contact.path("lastname"))));
        return first(EntitySet.CONTACTS, inAccount.and(person));
    }

    private UUID createContact(String referralId, UUID account, ObjectNode contact) {
        NewRecord record = contactRecord(referralId, account, contact);
        crm.createWithId(EntitySet.CONTACTS, record.id(), record.fields());
        return record.id();
    }

    private static NewRecord contactRecord(String referralId, UUID account, ObjectNode contact) {
        ObjectNode fields = contact.deepCopy();
        fields.put("parentcustomerid_account@odata.bind", "/" + EntitySet.ACCOUNTS.name() + "(" + account + ")");
        String person = contact.hasNonNull("emailaddress1") ? contact.get("emailaddress1").asText()
                : contact.path("firstname").asText() + " " + contact.path("lastname").asText();
        UUID id = RecordIds.idOf(EntitySet.CONTACTS, referralId, "contact:" + account + ":"
                + person.strip().toLowerCase(Locale.ROOT));
        return new NewRecord(EntitySet.CONTACTS, id, fields);
    }

    /** The oldest matching record, so repeated matches always pick the same one. */
    private Optional<UUID> first(EntitySet set, ODataFilter filter) {
        return crm.query(set, ODataQuery.select(set.primaryKey()).filter(filter)
                        .orderByAsc("createdon").orderByAsc(set.primaryKey()))
                .stream().findFirst().map(CrmRecord::id);
    }

    private static ODataFilter all(List<ODataFilter> conditions) {
        return ODataFilter.and(conditions.getFirst(), conditions.subList(1, conditions.size()).toArray(ODataFilter[]::new));
    }

    private static Object literal(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.isNumber() ? value.decimalValue() : value.asText();
    }

    /**
     * A short, stable lease key per customer: a hash of the lower-cased match values (Dataverse compares strings
     * case-insensitively), which also keeps customer names out of the state table's keys.
     */
    static String matchKey(ObjectNode match) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, JsonNode> column : (Iterable<Map.Entry<String, JsonNode>>) match::fields) {
            Object value = literal(column.getValue());
            text.append(column.getKey()).append('=')
                    .append(value == null ? "\u0000" : value.toString().strip().toLowerCase(Locale.ROOT)).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
