package io.cosell.shared.sync.inbound;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.NewReferralTarget;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.StatusCountingHttpClient;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.vocabulary.CrmRecordRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbound sync against the Partner Center, Dataverse and Entra emulators and DynamoDB Local, all over real HTTP.
 * Referrals are made and changed the way Microsoft would, through the Partner Center emulator's control API.
 */
class ReferralInboundSyncIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "inbound-sync-it";
    private static final UUID USD = DataverseEmulator.sampleId("transactioncurrency", "USD");
    private static final UUID EUR = DataverseEmulator.sampleId("transactioncurrency", "EUR");
    private static final HttpClient CONTROL = HttpClient.newHttpClient();

    private static SyncTestWorld world;
    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenterEmulator;
    private static DataverseEmulator dataverse;
    private static StatusCountingHttpClient http;
    private static ReferralClient partnerCenter;
    private static RecordingDataverseClient crm;
    private static DynamoDbSyncStateStore state;
    private static ReferralInboundSync sync;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start(TABLE, new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(20)));
        entra = world.entra();
        partnerCenterEmulator = world.partnerCenterEmulator();
        dataverse = world.dataverse();
        http = world.http();
        partnerCenter = world.partnerCenter();
        crm = new RecordingDataverseClient(world.crm());
        state = world.state();
        sync = new ReferralInboundSync(partnerCenter, crm, state, MappingConfig.defaults(), Clock.systemUTC(), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void freshCrm() {
        dataverse.reset();
        faults(partnerCenterEmulator.baseUri(), null);
        crm.clear();
    }

    // ---- Microsoft's side of the sandbox (control API) ----------------------------------------------------------

    /** A referral a Microsoft seller shares: the emulator's realistic defaults, with {@code fields} merged in. */
    private static String microsoftShares(String fields) {
        return control("POST", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals", fields).get("id").asText();
    }

    /** A change Microsoft makes to a referral (JSON merge patch). */
    private static void microsoftChanges(String referralId, String mergePatch) {
        control("PATCH", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals/" + referralId, mergePatch);
    }

    /** Injected faults of an emulator; null clears them. */
    private static void faults(URI emulator, String settings) {
        control(settings == null ? "DELETE" : "POST", emulator + "/_sandbox/faults", settings);
    }

    private static JsonNode control(String method, String url, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = CONTROL.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isLessThan(300);
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String customer(String name, String postalCode, String email) {
        return """
                "customerProfile": {"name": "%s",
                  "address": {"addressLine1": "7 Quay Street", "city": "Galway", "state": "Connacht",
                              "postalCode": "%s", "country": "ie"},
                  "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s", "phoneNumber": "+353 91 555 0100"}]}
                """.formatted(name, postalCode, email);
    }

    // ---- reading the CRM back over OData ------------------------------------------------------------------------

    private static List<CrmRecord> rows(EntitySet set, ODataFilter filter) {
        return crm.query(set, ODataQuery.all().filter(filter));
    }

    private static CrmRecord one(EntitySet set, ODataFilter filter) {
        List<CrmRecord> found = rows(set, filter);
        assertThat(found).as(set.name() + " where " + filter).hasSize(1);
        return found.getFirst();
    }

    private static CrmRecord opportunityOf(String referralId) {
        return one(EntitySet.OPPORTUNITIES, eq("cosell_referralid", referralId));
    }

    private static CrmRecord leadOf(String referralId) {
        return one(EntitySet.LEADS, eq("cosell_referralid", referralId));
    }

    private static String text(CrmRecord record, String column) {
        return record.text(column).orElse(null);
    }

    // ---- scenario 2 ---------------------------------------------------------------------------------------------

    @Test
    void a_new_referral_becomes_one_lead_with_its_customer_account_and_contact() {
        // given
        String id = microsoftShares("{" + customer("Galway Bay Foods", "H91 X2Y3", "aoife@galwaybay.example") + "}");

        // when
        InboundResult result = sync.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.CREATED);
        CrmRecord lead = leadOf(id);
        assertThat(result.record()).contains(new CrmRecordRef("leads", lead.id().toString()));
        assertThat(text(lead, "subject")).isEqualTo("✔ Fabrikam - Azure migration (co-sell)");
        assertThat(text(lead, "companyname")).isEqualTo("Galway Bay Foods");
        assertThat(text(lead, "firstname")).isEqualTo("Aoife");
        assertThat(text(lead, "lastname")).isEqualTo("Byrne");
        assertThat(text(lead, "emailaddress1")).isEqualTo("aoife@galwaybay.example");
        assertThat(text(lead, "telephone1")).isEqualTo("+353 91 555 0100");
        assertThat(lead.fields().get("budgetamount").decimalValue()).isEqualByComparingTo("50000");
        assertThat(text(lead, "estimatedclosedate")).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(text(lead, "description")).startsWith("Customer plans to migrate 40 VMs");
        assertThat(text(lead, "address1_city")).isEqualTo("Galway");
        assertThat(text(lead, "address1_country")).isEqualTo("IE");
        assertThat(lead.lookup("transactioncurrencyid")).contains(USD);
        assertThat(lead.fields().get("statecode").asInt()).isZero();

        CrmRecord account = one(EntitySet.ACCOUNTS, eq("name", "Galway Bay Foods"));
        assertThat(text(account, "address1_postalcode")).isEqualTo("H91 X2Y3");
        assertThat(text(account, "address1_line1")).isEqualTo("7 Quay Street");
        assertThat(text(account, "address1_stateorprovince")).isEqualTo("Connacht");
        assertThat(text(account, "address1_country")).isEqualTo("IE");
        CrmRecord contact = one(EntitySet.CONTACTS, eq("emailaddress1", "aoife@galwaybay.example"));
        assertThat(contact.lookup("parentcustomerid")).contains(account.id());
        assertThat(lead.lookup("parentaccountid")).contains(account.id());
        assertThat(lead.lookup("parentcontactid")).contains(contact.id());

        assertThat(state.linkByReferral(id)).get().extracting(ReferralLink::crmRecord).isEqualTo(result.record().get());
        assertThat(state.snapshot(id)).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.partnerCenterETag()).isEqualTo(partnerCenter.get(id).eTag());
            assertThat(snapshot.partnerCenterUpdatedAt()).isEqualTo(partnerCenter.get(id).updatedDateTime());
            assertThat(snapshot.crmETag()).isNotBlank();
            assertThat(snapshot.crmFields()).containsKey("subject");
        });
        assertThat(state.recentLog(id, 1)).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(SyncOutcome.SYNCED);
            assertThat(entry.changedFields()).contains("subject", "budgetamount");
            assertThat(entry.message()).contains("Partner Center → CRM · created lead");
        });
    }

    @Test
    void a_new_referral_with_a_new_customer_takes_at_most_four_dataverse_requests() {
        // given a sync that has looked up its currency once (cached for good), and a referral with a new customer
        sync.sync(microsoftShares("{" + customer("Warm Up Ltd", "H91 W4RM", "aoife@warmup.example") + "}"));
        String id = microsoftShares("{" + customer("Salthill Bakery", "H91 S4LT", "aoife@salthill.example") + "}");
        long before = dataverseRequests();

        // when
        InboundResult result = sync.sync(id);
        long requests = dataverseRequests() - before;

        // then: lead key read, account match, one change set (account + contact), lead upsert
        assertThat(result.outcome()).isEqualTo(InboundOutcome.CREATED);
        assertThat(requests).isLessThanOrEqualTo(4);
        CrmRecord lead = leadOf(id);
        assertThat(crm.query(EntitySet.ACCOUNTS, ODataQuery.all().filter(eq("name", "Salthill Bakery")))).hasSize(1)
                .first().extracting(CrmRecord::id).asString()
                .isEqualTo(lead.fields().get("_parentaccountid_value").asText());
        assertThat(crm.query(EntitySet.CONTACTS, ODataQuery.all().filter(eq("emailaddress1", "aoife@salthill.example"))))
                .hasSize(1).first().extracting(CrmRecord::id).asString()
                .isEqualTo(lead.fields().get("_parentcontactid_value").asText());
    }

    @Test
    void a_new_referral_with_a_new_customer_takes_seven_dynamodb_requests() {
        // given a sync whose state store counts the DynamoDB requests it sends
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        DynamoDbClient counting = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[]{DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && !method.getName().equals("equals")) {
                        requests.add(method.getName());
                    }
                    try {
                        return method.invoke(LocalDynamoDb.client(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ReferralInboundSync countedSync = new ReferralInboundSync(partnerCenter, crm,
                new DynamoDbSyncStateStore(counting, TABLE), MappingConfig.defaults(), Clock.systemUTC(), TestJson.MAPPER);
        String id = microsoftShares("{" + customer("Claddagh Rings", "H91 CL4D", "aoife@claddagh.example") + "}");

        // when
        InboundResult result = countedSync.sync(id);

        // then: referral lease, link and snapshot read together, customer lease and its release, link, snapshot
        // with its log entry, referral lease release
        assertThat(result.outcome()).isEqualTo(InboundOutcome.CREATED);
        assertThat(requests).as("DynamoDB requests of one sync").containsExactly("putItem", "batchGetItem", "putItem",
                "deleteItem", "transactWriteItems", "transactWriteItems", "deleteItem");
        assertThat(state.recentLog(id, 5)).singleElement().extracting(SyncLogEntry::outcome).isEqualTo(SyncOutcome.SYNCED);
    }

    private static long dataverseRequests() {
        return dataverse.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void an_accepted_referral_becomes_one_opportunity_converted_from_its_lead() {
        // given a referral synced as a lead
        String id = microsoftShares("{" + customer("Kinsale Marine", "P17 AB12", "aoife@kinsale.example") + "}");
        sync.sync(id);
        CrmRecord lead = leadOf(id);

        // when the partner accepts it and Microsoft fills in its CRM id
        microsoftChanges(id, "{\"status\": \"Active\", \"substatus\": \"Accepted\", \"trackingInfo\": {\"microsoftMsxId\": \"7-KINSALE\"}}");
        InboundResult result = sync.sync(id);

        // then: one opportunity with every mapped field, the lead qualified and not duplicated
        assertThat(result.outcome()).isEqualTo(InboundOutcome.CREATED);
        CrmRecord opportunity = opportunityOf(id);
        assertThat(result.record()).contains(new CrmRecordRef("opportunities", opportunity.id().toString()));
        Referral referral = partnerCenter.get(id);
        assertThat(text(opportunity, "name")).isEqualTo("✔ " + referral.name());
        assertThat(opportunity.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("50000");
        assertThat(opportunity.lookup("transactioncurrencyid")).contains(USD);
        assertThat(text(opportunity, "estimatedclosedate"))
                .isEqualTo(referral.details().closingDateTime().toString().substring(0, 10));
        assertThat(text(opportunity, "description")).isEqualTo(referral.details().notes());
        assertThat(opportunity.fields().get("cosell_syncwithpartnercenter").asBoolean()).isTrue();
        assertThat(text(opportunity, "cosell_referrallink")).isEqualTo(MappingConfig.defaults().referralLink(id, null));
        assertThat(text(opportunity, "cosell_microsoftcrmid")).isEqualTo("7-KINSALE");
        assertThat(opportunity.fields().get("cosell_visibletomicrosoft").asBoolean()).isTrue();
        assertThat(opportunity.fields().get("cosell_microsofthelp").asInt()).isEqualTo(100000001);
        assertThat(text(opportunity, "cosell_audit")).contains("converted the lead into an opportunity");
        CrmRecord account = one(EntitySet.ACCOUNTS, eq("name", "Kinsale Marine"));
        assertThat(opportunity.lookup("customerid")).contains(account.id());
        assertThat(opportunity.lookup("parentcontactid")).contains(one(EntitySet.CONTACTS, eq("emailaddress1", "aoife@kinsale.example")).id());
        assertThat(opportunity.lookup("originatingleadid")).contains(lead.id());

        CrmRecord qualified = leadOf(id);
        assertThat(qualified.id()).isEqualTo(lead.id());
        assertThat(qualified.fields().get("statecode").asInt()).isEqualTo(1);
        assertThat(qualified.fields().get("statuscode").asInt()).isEqualTo(3);
        assertThat(qualified.lookup("qualifyingopportunityid")).contains(opportunity.id());

        assertThat(rows(EntitySet.SOLUTIONS, eq("_cosell_opportunityid_value", opportunity.id())))
                .singleElement().satisfies(row -> {
                    assertThat(text(row, "cosell_solutionid")).isEqualTo("SOL-0000001-SBX");
                    assertThat(text(row, "cosell_name")).isEqualTo("Sandbox Cloud Migration Accelerator");
                    assertThat(text(row, "cosell_type")).isEqualTo("Name");
                });
        CrmRecordRef opportunityRef = result.record().get();
        assertThat(state.linkByReferral(id)).get().extracting(ReferralLink::crmRecord).isEqualTo(opportunityRef);
        assertThat(state.linkByCrmRecord(new CrmRecordRef("leads", lead.id().toString()))).isEmpty();
        assertThat(rows(EntitySet.ACCOUNTS, eq("name", "Kinsale Marine"))).hasSize(1);
        assertThat(rows(EntitySet.CONTACTS, eq("emailaddress1", "aoife@kinsale.example"))).hasSize(1);
    }

    @Test
    void a_new_referral_becomes_an_opportunity_straight_away_when_configured() {
        // given
        ReferralInboundSync opportunities = new ReferralInboundSync(partnerCenter, crm, state,
                MappingConfig.defaults().withNewReferralBecomes(NewReferralTarget.OPPORTUNITY), Clock.systemUTC(), TestJson.MAPPER);
        String id = microsoftShares("{" + customer("Cobh Harbour Ltd", "P24 C1", "aoife@cobh.example") + "}");

        // when
        InboundResult result = opportunities.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.CREATED);
        assertThat(opportunityOf(id).fields().get("statecode").asInt()).isZero();
        assertThat(rows(EntitySet.LEADS, eq("cosell_referralid", id))).isEmpty();
    }

    @Test
    void an_existing_account_is_matched_by_name_and_postal_code_even_with_quotes_and_ampersands() {
        // given O'Brien & Sons twice (two sites), one contact already known at the Dublin site
        UUID dublin = crm.create(EntitySet.ACCOUNTS, JSON.createObjectNode()
                .put("name", "O'Brien & Sons").put("address1_postalcode", "D02 XY45").put("address1_country", "IE"));
        crm.create(EntitySet.ACCOUNTS, JSON.createObjectNode()
                .put("name", "O'Brien & Sons").put("address1_postalcode", "T12 CORK").put("address1_country", "IE"));
        UUID known = crm.create(EntitySet.CONTACTS, JSON.createObjectNode().put("lastname", "Byrne")
                .put("emailaddress1", "aoife@obrien.example")
                .put("parentcustomerid_account@odata.bind", "/accounts(" + dublin + ")"));
        String id = microsoftShares("""
                {"status": "Active", "substatus": "Accepted",
                 "customerProfile": {"name": "O'Brien & Sons", "address": {"postalCode": "D02 XY45", "country": "IE"},
                   "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife@obrien.example"},
                            {"firstName": "Liam", "lastName": "O'Brien", "email": "liam@obrien.example"}]}}
                """);

        // when
        InboundResult result = sync.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.CREATED);
        CrmRecord opportunity = opportunityOf(id);
        assertThat(opportunity.lookup("customerid")).contains(dublin);
        assertThat(opportunity.lookup("parentcontactid")).contains(known);
        assertThat(rows(EntitySet.ACCOUNTS, eq("name", "O'Brien & Sons"))).hasSize(2);
        assertThat(rows(EntitySet.CONTACTS, eq("emailaddress1", "aoife@obrien.example"))).hasSize(1);
        assertThat(one(EntitySet.CONTACTS, eq("emailaddress1", "liam@obrien.example")).lookup("parentcustomerid"))
                .contains(dublin);
    }

    @Test
    void an_update_from_microsoft_reaches_the_same_record_writing_only_what_changed() {
        // given an accepted referral in the CRM
        String id = microsoftShares("{\"status\": \"Active\", \"substatus\": \"Accepted\", "
                + customer("Athlone Mills", "N37 A1", "aoife@athlone.example") + "}");
        sync.sync(id);
        CrmRecord before = opportunityOf(id);
        crm.clear();

        // when Microsoft changes deal value, currency and close date
        microsoftChanges(id, """
                {"details": {"dealValue": 85000, "currency": "EUR", "closingDateTime": "2025-09-30T00:00:00Z"}}
                """);
        InboundResult result = sync.sync(id);

        // then only those columns (and the audit trail) were written, to the same opportunity
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(crm.writes()).singleElement().satisfies(write -> {
            assertThat(write.operation()).isEqualTo("update");
            assertThat(write.entitySet()).isEqualTo("opportunities");
            assertThat(fieldNames(write.fields())).containsExactlyInAnyOrder("estimatedvalue", "estimatedclosedate",
                    "transactioncurrencyid@odata.bind", "cosell_audit");
        });
        CrmRecord after = opportunityOf(id);
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(after.lookup("transactioncurrencyid")).contains(EUR);
        assertThat(text(after, "estimatedclosedate")).isEqualTo("2025-09-30");
        assertThat(text(after, "description")).isEqualTo(text(before, "description"));
        assertThat(text(after, "cosell_audit")).startsWith(text(before, "cosell_audit") + "\n")
                .endsWith("Partner Center → CRM · updated deal value 85,000 EUR, close date 2025-09-30");
        assertThat(state.recentLog(id, 1).getFirst().changedFields())
                .containsExactlyInAnyOrder("estimatedvalue", "estimatedclosedate", "transactioncurrencyid@odata.bind", "cosell_audit");
    }

    @Test
    void notes_status_microsoft_crm_id_and_team_changes_reach_the_record() {
        // given
        String id = microsoftShares("{\"status\": \"Active\", \"substatus\": \"Accepted\", "
                + customer("Sligo Tools", "F91 S1", "aoife@sligo.example") + "}");
        sync.sync(id);

        // when
        microsoftChanges(id, """
                {"details": {"notes": "Customer wants a pilot first"}, "trackingInfo": {"microsoftMsxId": "7-SLIGO"},
                 "team": [{"firstName": "Dana", "lastName": "Microsoft", "email": "dana@microsoft.example"}]}
                """);
        InboundResult result = sync.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UPDATED);
        CrmRecord opportunity = opportunityOf(id);
        assertThat(text(opportunity, "description")).isEqualTo("Customer wants a pilot first");
        assertThat(text(opportunity, "cosell_microsoftcrmid")).isEqualTo("7-SLIGO");
        assertThat(text(opportunity, "cosell_audit"))
                .contains("updated notes, Microsoft CRM id 7-SLIGO, deal team Dana Microsoft <dana@microsoft.example>");
    }

    @Test
    void a_repeated_event_with_nothing_new_is_no_change_without_any_crm_request() {
        // given
        String id = microsoftShares("{" + customer("Wexford Farms", "Y35 W1", "aoife@wexford.example") + "}");
        sync.sync(id);
        crm.clear();

        // when
        InboundResult result = sync.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.NO_CHANGE);
        assertThat(result.record()).isPresent();
        assertThat(crm.calls()).isEmpty();
        assertThat(state.recentLog(id, 1).getFirst().outcome()).isEqualTo(SyncOutcome.NO_CHANGE);
    }

    @Test
    void an_older_referral_than_the_one_synced_is_ignored() {
        // given version 1 read by a slow worker, then version 2 synced
        String id = microsoftShares("{\"status\": \"Active\", \"substatus\": \"Accepted\", "
                + customer("Tralee Textiles", "V92 T1", "aoife@tralee.example") + "}");
        Referral version1 = partnerCenter.get(id);
        microsoftChanges(id, "{\"details\": {\"dealValue\": 70000}}");
        assertThat(sync.sync(id).outcome()).isEqualTo(InboundOutcome.CREATED);
        crm.clear();

        // when the old version arrives late
        ReferralClient lagging = new LaggingReferralClient(partnerCenter, version1);
        InboundResult result = new ReferralInboundSync(lagging, crm, state, MappingConfig.defaults(), Clock.systemUTC(), TestJson.MAPPER)
                .sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.STALE_IGNORED);
        assertThat(crm.writes()).isEmpty();
        assertThat(opportunityOf(id).fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("70000");
        assertThat(state.recentLog(id, 1).getFirst().outcome()).isEqualTo(SyncOutcome.SKIPPED);
    }

    @Test
    void won_and_lost_referrals_close_the_opportunity_through_the_actions() {
        // given two accepted referrals in the CRM
        String won = microsoftShares("{\"status\": \"Active\", \"substatus\": \"Accepted\", "
                + customer("Ennis Energy", "V95 E1", "aoife@ennis.example") + "}");
        String lost = microsoftShares("{\"status\": \"Active\", \"substatus\": \"Accepted\", "
                + customer("Carlow Cables", "R93 C1", "aoife@carlow.example") + "}");
        sync.sync(won);
        sync.sync(lost);

        // when
        microsoftChanges(won, "{\"status\": \"Closed\", \"substatus\": \"Won\"}");
        microsoftChanges(lost, "{\"status\": \"Closed\", \"substatus\": \"Lost\", \"statusReason\": \"Budget cut\"}");
        InboundResult wonResult = sync.sync(won);
        InboundResult lostResult = sync.sync(lost);

        // then
        assertThat(wonResult.outcome()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(lostResult.outcome()).isEqualTo(InboundOutcome.UPDATED);
        CrmRecord wonOpportunity = opportunityOf(won);
        assertThat(wonOpportunity.fields().get("statecode").asInt()).isEqualTo(1);
        assertThat(wonOpportunity.fields().get("statuscode").asInt()).isEqualTo(3);
        assertThat(text(wonOpportunity, "cosell_audit")).contains("status Closed/Won; opportunity closed as won");
        CrmRecord lostOpportunity = opportunityOf(lost);
        assertThat(lostOpportunity.fields().get("statecode").asInt()).isEqualTo(2);
        assertThat(lostOpportunity.fields().get("statuscode").asInt()).isEqualTo(4);
        assertThat(rows(EntitySet.OPPORTUNITY_CLOSES, eq("_opportunityid_value", wonOpportunity.id()))).hasSize(1);
        assertThat(rows(EntitySet.OPPORTUNITY_CLOSES, eq("_opportunityid_value", lostOpportunity.id()))).hasSize(1);
        assertThat(crm.calls()).extracting(RecordingDataverseClient.Call::operation)
                .contains("winOpportunity", "loseOpportunity");
    }

    @Test
    void a_declined_referral_disqualifies_its_lead() {
        // given
        String id = microsoftShares("{" + customer("Mallow Mechanics", "P51 M1", "aoife@mallow.example") + "}");
        sync.sync(id);

        // when
        microsoftChanges(id, "{\"status\": \"Closed\", \"substatus\": \"Declined\"}");
        InboundResult result = sync.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UPDATED);
        CrmRecord lead = leadOf(id);
        assertThat(lead.fields().get("statecode").asInt()).isEqualTo(2);
        assertThat(lead.fields().get("statuscode").asInt()).isEqualTo(7);
        assertThat(rows(EntitySet.OPPORTUNITIES, eq("cosell_referralid", id))).isEmpty();
    }

    @Test
    void an_unmappable_referral_is_explained_on_its_record_and_in_the_log_without_an_exception() {
        // given an opportunity in the CRM
        String id = microsoftShares("{\"status\": \"Active\", \"substatus\": \"Accepted\", "
                + customer("Bantry Boats", "P75 B1", "aoife@bantry.example") + "}");
        sync.sync(id);
        String nameBefore = text(opportunityOf(id), "name");

        // when the customer's name disappears in Partner Center
        microsoftChanges(id, "{\"customerProfile\": {\"name\": null}, \"details\": {\"dealValue\": 1}}");
        InboundResult result = sync.sync(id);

        // then
        String reason = "Cannot sync referral " + id + ": the customer's company name is missing in Partner Center.";
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UNMAPPABLE);
        assertThat(result.message()).isEqualTo(reason);
        CrmRecord opportunity = opportunityOf(id);
        assertThat(text(opportunity, "name")).isEqualTo("✘ " + nameBefore.substring(2));
        assertThat(text(opportunity, "cosell_audit")).endsWith("· Partner Center → CRM · ✘ " + reason);
        assertThat(opportunity.fields().get("estimatedvalue").decimalValue()).as("nothing of the referral written")
                .isEqualByComparingTo("50000");
        SyncLogEntry logged = state.recentLog(id, 1).getFirst();
        assertThat(logged.outcome()).isEqualTo(SyncOutcome.FAILED);
        assertThat(logged.message()).isEqualTo(reason);

        // and when it is fixed, the next sync clears the ✘
        microsoftChanges(id, "{\"customerProfile\": {\"name\": \"Bantry Boats\"}}");
        assertThat(sync.sync(id).outcome()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(text(opportunityOf(id), "name")).isEqualTo(nameBefore);
    }

    @Test
    void an_unmappable_new_referral_shows_up_as_a_marked_opportunity_whose_audit_says_why() {
        // given
        String id = microsoftShares("{\"name\": \"Nameless customer deal\", \"customerProfile\": {\"name\": null}}");

        // when
        InboundResult result = sync.sync(id);
        InboundResult again = sync.sync(id);

        // then
        String reason = "Cannot sync referral " + id + ": the customer's company name is missing in Partner Center.";
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UNMAPPABLE);
        assertThat(again.outcome()).isEqualTo(InboundOutcome.UNMAPPABLE);
        assertThat(rows(EntitySet.LEADS, eq("cosell_referralid", id))).isEmpty();
        assertThat(rows(EntitySet.OPPORTUNITIES, eq("cosell_referralid", id))).as("one placeholder, never two").hasSize(1);
        CrmRecord opportunity = opportunityOf(id);
        assertThat(result.record()).get().extracting(CrmRecordRef::id).isEqualTo(opportunity.id().toString());
        assertThat(text(opportunity, "name")).isEqualTo("✘ Nameless customer deal");
        assertThat(text(opportunity, "cosell_audit")).endsWith("· Partner Center → CRM · ✘ " + reason);
        assertThat(state.recentLog(id, 1).getFirst().outcome()).isEqualTo(SyncOutcome.FAILED);

        // and when Partner Center gets the name, the same record is filled in and the ✘ goes
        microsoftChanges(id, "{\"customerProfile\": {\"name\": \"Kinsale Kayaks\"}}");
        assertThat(sync.sync(id).outcome()).isIn(InboundOutcome.UPDATED, InboundOutcome.CREATED);
        assertThat(rows(EntitySet.OPPORTUNITIES, eq("cosell_referralid", id))).hasSize(1);
        assertThat(text(opportunityOf(id), "name")).isEqualTo("✔ Nameless customer deal");
    }

    @Test
    void an_event_about_microsofts_side_of_an_engagement_syncs_the_partners_own_referral() {
        // given the partner shares a co-sell referral; Partner Center adds Microsoft's side to the engagement
        Referral own = partnerCenter.create(TestJson.REFERRAL_JSON.read("""
                {"name": "Dingle Distillers - data platform", "type": "Shared",
                 "customerProfile": {"name": "Dingle Distillers", "address": {"postalCode": "V92 D1", "country": "IE"}},
                 "consent": {"consentToToShareInfoWithOthers": true, "consentToContact": true,
                             "consentToShareReferralWithMicrosoftSellers": true},
                 "details": {"dealValue": 40000, "currency": "EUR", "closingDateTime": "2026-03-31T00:00:00Z"},
                 "target": [{"type": "BusinessProfileLocation", "id": "msft"}]}
                """.getBytes(StandardCharsets.UTF_8), Referral.class));
        String microsoftSide = partnerCenter.list(ReferralQuery.byEngagement(own.engagementId()))
                .filter(r -> "msft".equals(r.organizationId())).findFirst().orElseThrow().id();

        // when Microsoft's side changes (related-referral-updated)
        microsoftChanges(microsoftSide, "{\"status\": \"Active\", \"substatus\": \"Accepted\"}");
        InboundResult first = sync.sync(microsoftSide);
        InboundResult again = sync.sync(microsoftSide);

        // then the partner's referral is the one in the CRM, once
        assertThat(first.referralId()).isEqualTo(own.id());
        assertThat(first.outcome()).isEqualTo(InboundOutcome.CREATED);
        assertThat(again.outcome()).isEqualTo(InboundOutcome.NO_CHANGE);
        assertThat(first.record()).contains(new CrmRecordRef("opportunities", opportunityOf(own.id()).id().toString()));
        assertThat(rows(EntitySet.OPPORTUNITIES, eq("cosell_referralid", microsoftSide))).isEmpty();
    }

    @Test
    void five_concurrent_syncs_of_one_new_referral_leave_one_record_and_one_account() throws Exception {
        // given
        String id = microsoftShares("{" + customer("Clonakilty Foods", "P85 C1", "aoife@clon.example") + "}");

        // when five workers get the event at once, and the queue redelivers what they hand back
        List<InboundResult> results = race(5, () -> untilDone(() -> sync.sync(id)));

        // then
        assertThat(results).extracting(InboundResult::outcome)
                .containsOnly(InboundOutcome.CREATED, InboundOutcome.NO_CHANGE)
                .filteredOn(outcome -> outcome == InboundOutcome.CREATED).hasSize(1);
        leadOf(id);
        assertThat(rows(EntitySet.ACCOUNTS, eq("name", "Clonakilty Foods"))).hasSize(1);
        assertThat(rows(EntitySet.CONTACTS, eq("emailaddress1", "aoife@clon.example"))).hasSize(1);
    }

    @Test
    void concurrent_referrals_of_one_new_customer_share_one_account() throws Exception {
        // given three referrals of the same new customer
        List<String> ids = Stream.generate(() -> microsoftShares("{" + customer("Youghal Yachts", "P36 Y1",
                "aoife@youghal.example") + "}")).limit(3).toList();
        List<String> queue = new ArrayList<>(ids);

        // when
        List<InboundResult> results = race(3, () -> {
            String id = take(queue);
            return untilDone(() -> sync.sync(id));
        });

        // then
        assertThat(results).extracting(InboundResult::outcome).containsOnly(InboundOutcome.CREATED);
        assertThat(rows(EntitySet.ACCOUNTS, eq("name", "Youghal Yachts"))).hasSize(1);
        assertThat(rows(EntitySet.CONTACTS, eq("emailaddress1", "aoife@youghal.example"))).hasSize(1);
        ids.forEach(ReferralInboundSyncIT::leadOf);
    }

    @Test
    void syncs_complete_when_both_services_throttle_30_percent_of_requests() {
        // given
        String throttle = "{\"throttleShare\": 0.3, \"retryAfterSeconds\": 0}";
        faults(partnerCenterEmulator.baseUri(), throttle);
        faults(dataverse.baseUri(), throttle);
        int pcThrottledBefore = http.count(partnerCenterEmulator.baseUri(), 429);
        int crmThrottledBefore = http.count(dataverse.baseUri(), 429);
        List<InboundResult> results = new ArrayList<>();

        // when referrals are synced (new, then accepted) until both services have answered 429 at least once
        for (int i = 0; i < 30 && (http.count(partnerCenterEmulator.baseUri(), 429) == pcThrottledBefore
                || http.count(dataverse.baseUri(), 429) == crmThrottledBefore); i++) {
            String id = microsoftShares("{" + customer("Throttled Customer " + i, "T" + i, "t" + i + "@throttle.example") + "}");
            results.add(sync.sync(id));
            microsoftChanges(id, "{\"status\": \"Active\", \"substatus\": \"Accepted\"}");
            results.add(sync.sync(id));
        }

        // then every sync completed, and 429s did happen on both
        assertThat(results).extracting(InboundResult::outcome).containsOnly(InboundOutcome.CREATED);
        assertThat(http.count(partnerCenterEmulator.baseUri(), 429)).isGreaterThan(pcThrottledBefore);
        assertThat(http.count(dataverse.baseUri(), 429)).isGreaterThan(crmThrottledBefore);
    }

    @Test
    void throttling_beyond_the_retries_ends_as_retry_later_not_an_exception() {
        // given
        String id = microsoftShares("{" + customer("Busy Customer", "B1", "busy@example.com") + "}");
        faults(dataverse.baseUri(), "{\"throttleShare\": 1.0, \"retryAfterSeconds\": 0}");

        // when
        InboundResult result = sync.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.RETRY_LATER);
        assertThat(result.retryLater()).isTrue();
        assertThat(result.message()).contains("will retry");
        assertThat(state.tryAcquire("referral#" + id, "test", Duration.ofSeconds(1))).as("lease given back").isTrue();
        state.release("referral#" + id, "test");
    }

    @Test
    void a_referral_being_synced_elsewhere_is_retried_later() {
        // given
        String id = microsoftShares("{" + customer("Leased Customer", "L1", "leased@example.com") + "}");
        state.tryAcquire("referral#" + id, "another-worker", Duration.ofMinutes(1));

        // when
        InboundResult result = sync.sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.RETRY_LATER);
        assertThat(rows(EntitySet.LEADS, eq("cosell_referralid", id))).isEmpty();
        state.release("referral#" + id, "another-worker");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static List<String> fieldNames(ObjectNode fields) {
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static synchronized String take(List<String> queue) {
        return queue.removeFirst();
    }

    /** Like the queue: a RETRY_LATER result is delivered again until the sync is done. */
    private static InboundResult untilDone(Supplier<InboundResult> delivery) {
        AtomicReference<InboundResult> result = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25)).pollDelay(Duration.ZERO)
                .until(() -> !result.updateAndGet(previous -> delivery.get()).retryLater());
        return result.get();
    }

    /** Runs {@code task} on {@code threads} threads released together; returns each thread's result. */
    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
