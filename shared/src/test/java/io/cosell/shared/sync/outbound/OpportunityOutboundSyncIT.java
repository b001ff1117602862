package io.cosell.shared.sync.outbound;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.ConflictWinner;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.NewReferralTarget;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.SolutionTag;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.sync.inbound.InboundOutcome;
import io.cosell.shared.sync.inbound.ReferralInboundSync;
import io.cosell.shared.testsupport.StatusCountingHttpClient;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.vocabulary.CrmRecordRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The CRM → Partner Center sync against the Partner Center, Dataverse and Entra emulators and DynamoDB Local, all over
 * real HTTP. Sellers' edits are made with the CRM client; Microsoft's side through the Partner Center control API.
 */
class OpportunityOutboundSyncIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "outbound-sync-it";
    private static final UUID EUR = DataverseEmulator.sampleId("transactioncurrency", "EUR");
    private static final UUID USD = DataverseEmulator.sampleId("transactioncurrency", "USD");
    private static final HttpClient CONTROL = HttpClient.newHttpClient();
    private static final MappingConfig CONFIG = MappingConfig.defaults().withNewReferralBecomes(NewReferralTarget.OPPORTUNITY);

    private static SyncTestWorld world;
    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenterEmulator;
    private static DataverseEmulator dataverse;
    private static StatusCountingHttpClient http;
    private static ReferralClient partnerCenter;
    private static DataverseClient crm;
    private static DynamoDbSyncStateStore state;
    private static OpportunityOutboundSync sync;
    private static ReferralInboundSync inbound;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start(TABLE, new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)));
        entra = world.entra();
        partnerCenterEmulator = world.partnerCenterEmulator();
        dataverse = world.dataverse();
        http = world.http();
        partnerCenter = world.partnerCenter();
        crm = world.crm();
        state = world.state();
        sync = new OpportunityOutboundSync(crm, partnerCenter, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
        inbound = new ReferralInboundSync(partnerCenter, crm, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void freshCrm() {
        dataverse.reset();
        faults(null);
    }

    // ---- the seller's side: the CRM ------------------------------------------------------------------------

    private record Deal(UUID opportunity, UUID account, UUID contact) {

        CrmRecordRef ref() {
            return new CrmRecordRef("opportunities", opportunity.toString());
        }
    }

    /** A complete co-sell opportunity: account in Ireland, a contact, two solutions, 85,000 EUR, closing 2025-09-30. */
    private static Deal coSellDeal() {
        return deal(opportunity -> {
        });
    }

    private static Deal deal(Consumer<ObjectNode> edit) {
        UUID account = crm.create(EntitySet.ACCOUNTS, object("""
                {"name": "Northwind Traders", "address1_line1": "1 Harbour Street", "address1_city": "Dublin",
                 "address1_stateorprovince": "Leinster", "address1_postalcode": "D02 XY45", "address1_country": "IE"}
                """));
        ObjectNode contactFields = object("""
                {"firstname": "Aoife", "lastname": "Byrne", "emailaddress1": "aoife@northwind.example",
                 "telephone1": "+353 1 555 0100", "jobtitle": "CTO"}
                """);
        contactFields.put("parentcustomerid_account@odata.bind", "/accounts(" + account + ")");
        UUID contact = crm.create(EntitySet.CONTACTS, contactFields);
        ObjectNode fields = object("""
                {"name": "Northwind - Azure landing zone", "description": "Landing zone for three subscriptions",
                 "estimatedvalue": 85000, "estimatedclosedate": "2025-09-30",
                 "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}
                """);
        fields.put("customerid_account@odata.bind", "/accounts(" + account + ")");
        fields.put("parentaccountid@odata.bind", "/accounts(" + account + ")");
        fields.put("parentcontactid@odata.bind", "/contacts(" + contact + ")");
        fields.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + EUR + ")");
        edit.accept(fields);
        UUID opportunity = crm.create(EntitySet.OPPORTUNITIES, fields);
        addSolution(opportunity, "SOL-15974-MQF", "Contoso Cloud Migration Factory");
        addSolution(opportunity, "SOL-20481-XKA", "Data Estate Modernization on Azure");
        return new Deal(opportunity, account, contact);
    }

    private static UUID addSolution(UUID opportunity, String id, String name) {
        ObjectNode row = JSON.createObjectNode().put("cosell_solutionid", id).put("cosell_name", name).put("cosell_type", "Name");
        row.put("cosell_opportunityid@odata.bind", "/opportunities(" + opportunity + ")");
        return crm.create(EntitySet.SOLUTIONS, row);
    }

    private static void sellerEdits(Deal deal, String fields) {
        crm.update(EntitySet.OPPORTUNITIES, deal.opportunity(), object(fields), Optional.empty());
    }

    private static CrmRecord opportunity(Deal deal) {
        return crm.get(EntitySet.OPPORTUNITIES, deal.opportunity(), List.of()).orElseThrow();
    }

    private static String text(CrmRecord record, String column) {
        return record.text(column).orElse(null);
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long dataverseRequests() {
        return control("GET", dataverse.baseUri() + "/_sandbox/requests/count", null).get("total").asLong();
    }

    // ---- Microsoft's side: Partner Center --------------------------------------------------------------------

    private static int partnerCenterRequests() {
        return http.requests(partnerCenterEmulator.baseUri());
    }

    private static Referral referral(String id) {
        return partnerCenter.get(id);
    }

    private static List<Referral> referralsOf(Deal deal) {
        return partnerCenter.list(ReferralQuery.all())
                .filter(r -> deal.opportunity().toString().equals(r.externalReferenceId())).toList();
    }

    private static String microsoftShares(String fields) {
        return control("POST", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals", fields).get("id").asText();
    }

    private static void microsoftChanges(String referralId, String mergePatch) {
        control("PATCH", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals/" + referralId, mergePatch);
    }

    private static void faults(String settings) {
        control(settings == null ? "DELETE" : "POST", partnerCenterEmulator.baseUri() + "/_sandbox/faults", settings);
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

    /** A deal shared with Partner Center by the outbound sync. */
    private static Referral shared(Deal deal) {
        OutboundResult created = sync.sync(deal.ref());
        assertThat(created.outcome()).as(created.message()).isEqualTo(OutboundOutcome.CREATED);
        return referral(created.referralId().orElseThrow());
    }

    // ---- 1. create ----------------------------------------------------------------------------------------------

    @Test
    void a_new_co_sell_opportunity_becomes_a_referral_with_every_mapped_field() {
        // given: a worker that has not looked up any currency yet (a cold start)
        Deal deal = coSellDeal();
        OpportunityOutboundSync coldWorker = new OpportunityOutboundSync(crm, partnerCenter, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
        long dataverseBefore = dataverseRequests();

        // when
        OutboundResult result = coldWorker.sync(deal.ref());

        // then
        long dataverseRequests = dataverseRequests() - dataverseBefore;
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.CREATED);
        Referral referral = referral(result.referralId().orElseThrow());
        assertThat(referral.name()).isEqualTo("Northwind - Azure landing zone");
        assertThat(referral.externalReferenceId()).isEqualTo(deal.opportunity().toString());
        assertThat(referral.type().value()).isEqualTo("Shared");
        assertThat(referral.consent().consentToShareReferralWithMicrosoftSellers()).isTrue();
        assertThat(referral.inviteContext().assistanceRequestCode()).isEqualTo("CustomerTechnicalArchitecture");
        assertThat(referral.customerProfile().name()).isEqualTo("Northwind Traders");
        assertThat(referral.customerProfile().address().addressLine1()).isEqualTo("1 Harbour Street");
        assertThat(referral.customerProfile().address().city()).isEqualTo("Dublin");
        assertThat(referral.customerProfile().address().state()).isEqualTo("Leinster");
        assertThat(referral.customerProfile().address().postalCode()).isEqualTo("D02 XY45");
        assertThat(referral.customerProfile().address().country()).isEqualTo("IE");
        assertThat(referral.customerProfile().team()).singleElement().satisfies(member -> {
            assertThat(member.firstName()).isEqualTo("Aoife");
            assertThat(member.lastName()).isEqualTo("Byrne");
            assertThat(member.email()).isEqualTo("aoife@northwind.example");
            assertThat(member.phoneNumber()).isEqualTo("+353 1 555 0100");
            assertThat(member.otherFields().get("title").asText()).isEqualTo("CTO");
        });
        assertThat(referral.details().notes()).isEqualTo("Landing zone for three subscriptions");
        assertThat(referral.details().dealValue()).isEqualByComparingTo("85000");
        assertThat(referral.details().currency()).isEqualTo("EUR");
        assertThat(referral.details().closingDateTime()).hasToString("2025-09-30T00:00:00Z");
        assertThat(referral.details().requirements().solutions()).extracting(SolutionTag::id, SolutionTag::name, SolutionTag::type)
                .containsExactly(tuple("SOL-15974-MQF", "Contoso Cloud Migration Factory", "Name"),
                        tuple("SOL-20481-XKA", "Data Estate Modernization on Azure", "Name"));
        assertThat(referral.target()).extracting(t -> t.type() + ":" + t.id())
                .containsExactly("SolutionProfile:SOL-15974-MQF", "SolutionProfile:SOL-20481-XKA");

        CrmRecord opportunity = opportunity(deal);
        assertThat(text(opportunity, "cosell_referralid")).isEqualTo(referral.id());
        assertThat(text(opportunity, "cosell_referrallink")).isEqualTo(CONFIG.referralLink(referral.id(), referral.engagementId()));
        assertThat(text(opportunity, "name")).isEqualTo("✔ Northwind - Azure landing zone");
        assertThat(opportunity.fields().get("cosell_visibletomicrosoft").asBoolean()).isTrue();
        assertThat(text(opportunity, "cosell_audit")).contains(" · CRM → Partner Center · shared with Partner Center as Shared referral " + referral.id());
        assertThat(state.linkByCrmRecord(deal.ref()).orElseThrow().referralId()).isEqualTo(referral.id());
        assertThat(state.snapshot(referral.id()).orElseThrow().partnerCenterETag()).isEqualTo(referral.eTag());
        assertThat(state.recentLog(referral.id(), 1)).singleElement().extracting(SyncLogEntry::outcome).isEqualTo(SyncOutcome.SYNCED);
        assertThat(dataverseRequests).as("opportunity, account, contact, solutions, currency; one write-back")
                .isEqualTo(6);
    }

    @Test
    void a_deal_without_help_or_visibility_is_an_independent_private_referral() {
        // given
        Deal deal = deal(opportunity -> opportunity.putNull("cosell_microsofthelp"));

        // when
        Referral referral = shared(deal);

        // then
        assertThat(referral.type().value()).isEqualTo("Independent");
        assertThat(referral.consent().consentToShareReferralWithMicrosoftSellers()).isFalse();
        assertThat(referral.inviteContext()).isNull();
        assertThat(opportunity(deal).fields().get("cosell_visibletomicrosoft").asBoolean()).isFalse();
    }

    // ---- 2. validation --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no solution     | Solution ID is required: add at least one Microsoft Partner Center solution to the opportunity.",
            "no country      | Customer account country code is missing: the account's address1_country must hold a two-letter ISO 3166 code such as US.",
            "country name    | Customer account country code is missing: the account's address1_country must hold a two-letter ISO 3166 code such as US (it holds 'Ireland').",
            "no contact      | A customer contact is required for co-sell (How can Microsoft help? is set): choose the opportunity's Contact.",
            "zero value      | Deal value is required: enter an amount greater than 0 in estimatedvalue.",
            "no currency     | Currency is required: choose the opportunity's currency.",
            "no close date   | Close date is required: enter the opportunity's estimated close date (estimatedclosedate)."})
    void each_rule_fails_with_its_own_audit_text_and_no_partner_center_call(String rule, String message) {
        // given
        Deal deal = coSellDeal();
        switch (rule) {
            case "no solution" -> crm.query(EntitySet.SOLUTIONS, ODataQuery.all()
                    .filter(eq("_cosell_opportunityid_value", deal.opportunity())))
                    .forEach(row -> crm.delete(EntitySet.SOLUTIONS, row.id()));
            case "no country" -> crm.update(EntitySet.ACCOUNTS, deal.account(), object("{\"address1_country\": null}"), Optional.empty());
            case "country name" -> crm.update(EntitySet.ACCOUNTS, deal.account(), object("{\"address1_country\": \"Ireland\"}"), Optional.empty());
            case "no contact" -> sellerEdits(deal, "{\"parentcontactid@odata.bind\": null}");
            case "zero value" -> sellerEdits(deal, "{\"estimatedvalue\": 0}");
            case "no currency" -> sellerEdits(deal, "{\"transactioncurrencyid@odata.bind\": null}");
            case "no close date" -> sellerEdits(deal, "{\"estimatedclosedate\": null}");
            default -> throw new IllegalArgumentException(rule);
        }
        int partnerCenterBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.INVALID);
        assertThat(result.message()).isEqualTo("Cannot share with Partner Center: " + message);
        assertThat(partnerCenterRequests()).isEqualTo(partnerCenterBefore);
        CrmRecord opportunity = opportunity(deal);
        assertThat(text(opportunity, "name")).isEqualTo("✘ Northwind - Azure landing zone");
        assertThat(text(opportunity, "cosell_audit")).endsWith(" · CRM → Partner Center · ✘ Cannot share with Partner Center: " + message);
        assertThat(text(opportunity, "cosell_referralid")).isNull();
        assertThat(state.recentLog("opportunity#" + deal.opportunity(), 1)).singleElement()
                .satisfies(entry -> assertThat(entry.outcome()).isEqualTo(SyncOutcome.FAILED));
    }

    private static final MappingConfig SERVICES_CO_SELL = MappingConfig.fromJson(TestJson.MAPPER, """
            {"newReferralBecomes": "OPPORTUNITY",
             "taxonomy": {"partnerRoleColumn": "cosell_partnerrole", "solutionAreaColumn": "cosell_solutionarea",
               "solutionPlayColumn": "cosell_solutionplay", "partnerRoles": ["Services"],
               "solutionPlays": {"Cloud and AI Platforms": ["Migrate and Modernize"], "Security": ["Data Security"]},
               "servicesCoSell": true}}""");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no solution play      | Security |                      | Solution play is required for a Services co-sell referral: pick one of Data Security in cosell_solutionplay.",
            "play of another area  | Security | Migrate and Modernize | Solution play 'Migrate and Modernize' is not one of the plays of solution area 'Security': pick one of Data Security in cosell_solutionplay."})
    void a_missing_or_invalid_solution_play_is_explained_in_the_audit_and_nothing_reaches_partner_center(
            String rule, String area, String play, String message) {
        // given a services partner's co-sell opportunity
        OpportunityOutboundSync services = new OpportunityOutboundSync(crm, partnerCenter, state, SERVICES_CO_SELL,
                Clock.systemUTC(), TestJson.MAPPER);
        Deal deal = deal(opportunity -> {
            opportunity.put("cosell_partnerrole", "Services");
            opportunity.put("cosell_solutionarea", area);
            opportunity.put("cosell_solutionplay", play);
        });
        int partnerCenterBefore = partnerCenterRequests();

        // when
        OutboundResult result = services.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.INVALID);
        assertThat(partnerCenterRequests()).as("no Partner Center call").isEqualTo(partnerCenterBefore);
        CrmRecord opportunity = opportunity(deal);
        assertThat(text(opportunity, "name")).startsWith("✘ ");
        assertThat(text(opportunity, "cosell_audit")).endsWith(" · CRM → Partner Center · ✘ Cannot share with Partner Center: " + message);
        assertThat(text(opportunity, "cosell_referralid")).isNull();
    }

    @Test
    void a_services_co_sell_referral_carries_its_partner_role_solution_area_and_play() {
        // given
        OpportunityOutboundSync services = new OpportunityOutboundSync(crm, partnerCenter, state, SERVICES_CO_SELL,
                Clock.systemUTC(), TestJson.MAPPER);
        Deal deal = deal(opportunity -> {
            opportunity.put("cosell_partnerrole", "Services");
            opportunity.put("cosell_solutionarea", "Security");
            opportunity.put("cosell_solutionplay", "Data Security");
        });

        // when
        OutboundResult result = services.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.CREATED);
        Referral referral = referral(result.referralId().orElseThrow());
        assertThat(referral.otherFields().get("partnerRole").asText()).isEqualTo("Services");
        assertThat(referral.otherFields().get("solutionArea").asText()).isEqualTo("Security");
        assertThat(referral.otherFields().get("solutionPlay").asText()).isEqualTo("Data Security");
    }

    @Test
    void every_failing_rule_is_in_one_audit_line_and_a_repeat_writes_nothing() {
        // given
        Deal deal = deal(opportunity -> opportunity.putNull("estimatedclosedate").put("estimatedvalue", 0));
        crm.update(EntitySet.ACCOUNTS, deal.account(), object("{\"address1_country\": \"\"}"), Optional.empty());

        // when
        OutboundResult first = sync.sync(deal.ref());
        String versionAfterFirst = text(opportunity(deal), "versionnumber");
        OutboundResult again = sync.sync(deal.ref());

        // then
        assertThat(first.outcome()).isEqualTo(OutboundOutcome.INVALID);
        assertThat(again.outcome()).isEqualTo(OutboundOutcome.INVALID);
        String audit = text(opportunity(deal), "cosell_audit");
        assertThat(audit.lines()).hasSize(1);
        assertThat(audit).contains("Customer account country code is missing", "Deal value is required", "Close date is required");
        assertThat(text(opportunity(deal), "versionnumber")).isEqualTo(versionAfterFirst);
        assertThat(referralsOf(deal)).isEmpty();
    }

    @Test
    void fixing_the_problem_shares_the_deal_and_turns_the_cross_into_a_tick() {
        // given
        Deal deal = deal(opportunity -> opportunity.put("estimatedvalue", 0));
        assertThat(sync.sync(deal.ref()).outcome()).isEqualTo(OutboundOutcome.INVALID);

        // when
        sellerEdits(deal, "{\"estimatedvalue\": 1000}");
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.CREATED);
        assertThat(text(opportunity(deal), "name")).isEqualTo("✔ Northwind - Azure landing zone");
    }

    // ---- 3. idempotent create -------------------------------------------------------------------------------

    @Test
    void a_retry_after_a_lost_post_answer_finds_the_referral_instead_of_creating_a_second() {
        // given: Partner Center creates the referral but the answer never arrives
        Deal deal = coSellDeal();
        ReferralClient answerLost = new ForwardingReferralClient(partnerCenter) {
            @Override
            public Referral create(Referral referral) {
                super.create(referral);
                throw new ApiException(503, "serviceNotAvailable", "connection reset", null);
            }
        };
        OutboundResult lost = new OpportunityOutboundSync(crm, answerLost, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER).sync(deal.ref());

        // when
        OutboundResult retry = sync.sync(deal.ref());

        // then
        assertThat(lost.outcome()).isEqualTo(OutboundOutcome.RETRY_LATER);
        assertThat(retry.outcome()).as(retry.message()).isEqualTo(OutboundOutcome.CREATED);
        assertThat(retry.message()).contains("found from an earlier attempt");
        assertThat(referralsOf(deal)).singleElement().extracting(Referral::id).isEqualTo(retry.referralId().orElseThrow());
        assertThat(text(opportunity(deal), "cosell_referralid")).isEqualTo(retry.referralId().orElseThrow());
    }

    @Test
    void a_retry_after_a_failed_write_back_only_writes_back() {
        // given: the referral is created and linked, then the CRM write-back fails
        Deal deal = coSellDeal();
        DataverseClient writeFails = new ForwardingDataverseClient(crm) {
            @Override
            public void update(EntitySet set, UUID id, ObjectNode fields, Optional<String> etag) {
                throw new ApiException(503, "", "Service unavailable", null);
            }
        };
        OutboundResult failed = new OpportunityOutboundSync(writeFails, partnerCenter, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER).sync(deal.ref());
        int partnerCenterBefore = partnerCenterRequests();

        // when
        OutboundResult retry = sync.sync(deal.ref());

        // then
        assertThat(failed.outcome()).isEqualTo(OutboundOutcome.RETRY_LATER);
        assertThat(state.linkByCrmRecord(deal.ref())).isPresent();
        assertThat(retry.outcome()).as(retry.message()).isEqualTo(OutboundOutcome.CREATED);
        assertThat(partnerCenterRequests() - partnerCenterBefore).as("one GET, no POST").isEqualTo(1);
        assertThat(referralsOf(deal)).hasSize(1);
        assertThat(text(opportunity(deal), "cosell_referralid")).isEqualTo(referralsOf(deal).getFirst().id());
    }

    // ---- 4. updates -------------------------------------------------------------------------------------------

    @Test
    void edits_of_name_value_currency_date_and_description_reach_partner_center() {
        // given
        Deal deal = coSellDeal();
        Referral before = shared(deal);
        sellerEdits(deal, """
                {"name": "✔ Northwind - landing zone and migration", "estimatedvalue": 120000.50,
                 "estimatedclosedate": "2025-11-15", "description": "Now with a migration of 40 VMs"}
                """);
        crm.update(EntitySet.OPPORTUNITIES, deal.opportunity(),
                object("{\"transactioncurrencyid@odata.bind\": \"/transactioncurrencies(" + USD + ")\"}"), Optional.empty());
        OpportunityOutboundSync coldWorker = new OpportunityOutboundSync(crm, partnerCenter, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
        long dataverseBefore = dataverseRequests();

        // when
        OutboundResult result = coldWorker.sync(deal.ref());

        // then
        long dataverseRequests = dataverseRequests() - dataverseBefore;
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral after = referral(before.id());
        assertThat(after.name()).isEqualTo("Northwind - landing zone and migration");
        assertThat(after.details().dealValue()).isEqualByComparingTo("120000.50");
        assertThat(after.details().currency()).isEqualTo("USD");
        assertThat(after.details().closingDateTime()).hasToString("2025-11-15T00:00:00Z");
        assertThat(after.details().notes()).isEqualTo("Now with a migration of 40 VMs");
        assertThat(after.customerProfile()).isEqualTo(before.customerProfile());
        assertThat(text(opportunity(deal), "cosell_audit")).contains("CRM → Partner Center · updated name \"Northwind - "
                + "landing zone and migration\", deal value 120,000.5 USD, close date 2025-11-15, notes");
        assertThat(dataverseRequests).as("opportunity, solutions, currency (new to this worker); one write-back")
                .isEqualTo(4);
    }

    @Test
    void nothing_changed_is_no_change_without_any_partner_center_call_or_crm_write() {
        // given
        Deal deal = coSellDeal();
        shared(deal);
        int partnerCenterBefore = partnerCenterRequests();
        String version = text(opportunity(deal), "versionnumber");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(partnerCenterRequests()).isEqualTo(partnerCenterBefore);
        assertThat(text(opportunity(deal), "versionnumber")).isEqualTo(version);
    }

    @Test
    void visibility_once_given_is_not_withdrawn_and_the_audit_says_why() {
        // given
        Deal deal = deal(opportunity -> opportunity.putNull("cosell_microsofthelp").put("cosell_visibletomicrosoft", true));
        Referral referral = shared(deal);
        sellerEdits(deal, "{\"cosell_visibletomicrosoft\": false}");
        int partnerCenterBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(partnerCenterRequests()).isEqualTo(partnerCenterBefore);
        assertThat(referral(referral.id()).consent().consentToShareReferralWithMicrosoftSellers()).isTrue();
        CrmRecord opportunity = opportunity(deal);
        assertThat(opportunity.fields().get("cosell_visibletomicrosoft").asBoolean()).isTrue();
        assertThat(text(opportunity, "cosell_audit")).contains("visibility to Microsoft sellers was not withdrawn");
    }

    @Test
    void choosing_help_later_turns_a_private_referral_into_co_sell() {
        // given
        Deal deal = deal(opportunity -> opportunity.putNull("cosell_microsofthelp"));
        Referral before = shared(deal);
        sellerEdits(deal, "{\"cosell_microsofthelp\": 100000002}");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral after = referral(before.id());
        assertThat(after.inviteContext().assistanceRequestCode()).isEqualTo("ProofOfConceptOrDemo");
        assertThat(after.consent().consentToShareReferralWithMicrosoftSellers()).isTrue();
        assertThat(after.customerProfile().team()).extracting(m -> m.email()).containsExactly("aoife@northwind.example");
    }

    @Test
    void added_and_removed_solution_rows_change_the_solutions_and_targets() {
        // given
        Deal deal = coSellDeal();
        Referral before = shared(deal);
        crm.query(EntitySet.SOLUTIONS, ODataQuery.all().filter(ODataFilter.and(
                        eq("_cosell_opportunityid_value", deal.opportunity()), eq("cosell_solutionid", "SOL-15974-MQF"))))
                .forEach(row -> crm.delete(EntitySet.SOLUTIONS, row.id()));
        addSolution(deal.opportunity(), "SOL-41230-ZTR", "Secure Hybrid Workplace");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral after = referral(before.id());
        assertThat(after.details().requirements().solutions()).extracting(SolutionTag::id)
                .containsExactly("SOL-20481-XKA", "SOL-41230-ZTR");
        assertThat(after.target()).extracting(t -> t.type() + ":" + t.id())
                .containsExactly("SolutionProfile:SOL-20481-XKA", "SolutionProfile:SOL-41230-ZTR");
    }

    // ---- 5. state changes -------------------------------------------------------------------------------------

    /** A referral a Microsoft seller shares, brought into the CRM as an opportunity by the inbound sync. */
    private static Deal sharedByMicrosoft() {
        String referralId = microsoftShares("{}");
        assertThat(inbound.sync(referralId).outcome()).isEqualTo(InboundOutcome.CREATED);
        CrmRecord opportunity = crm.findByAlternateKey(EntitySet.OPPORTUNITIES, "cosell_referralid", referralId, List.of())
                .orElseThrow();
        return new Deal(opportunity.id(), opportunity.lookup("parentaccountid").orElse(null),
                opportunity.lookup("parentcontactid").orElse(null));
    }

    private static String referralIdOf(Deal deal) {
        return text(opportunity(deal), "cosell_referralid");
    }

    @Test
    void accepting_in_the_crm_accepts_the_referral() {
        // given
        Deal deal = sharedByMicrosoft();
        sellerEdits(deal, "{\"cosell_referralresponse\": 100000000}");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral referral = referral(referralIdOf(deal));
        assertThat(referral.status().value()).isEqualTo("Active");
        assertThat(referral.substatus().value()).isEqualTo("Accepted");
        assertThat(text(opportunity(deal), "cosell_audit")).contains("accepted the referral");
    }

    @Test
    void declining_in_the_crm_declines_the_referral_with_the_reason() {
        // given
        Deal deal = sharedByMicrosoft();
        sellerEdits(deal, "{\"cosell_referralresponse\": 100000001, \"cosell_declinereason\": \"No capacity this quarter\"}");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral referral = referral(referralIdOf(deal));
        assertThat(referral.status().value()).isEqualTo("Closed");
        assertThat(referral.substatus().value()).isEqualTo("Declined");
        assertThat(referral.statusReason()).isEqualTo("No capacity this quarter");
    }

    @Test
    void declining_without_a_reason_is_invalid_and_sends_nothing() {
        // given
        Deal deal = sharedByMicrosoft();
        sellerEdits(deal, "{\"cosell_referralresponse\": 100000001}");
        int partnerCenterBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.INVALID);
        assertThat(result.message()).contains("A decline reason is required");
        assertThat(partnerCenterRequests()).isEqualTo(partnerCenterBefore);
        assertThat(text(opportunity(deal), "name")).startsWith("✘ ");
    }

    @Test
    void winning_the_opportunity_closes_the_referral_as_won() {
        // given
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        crm.winOpportunity(deal.opportunity(), 3, "Won Opportunity");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral won = referral(referral.id());
        assertThat(won.status().value()).isEqualTo("Closed");
        assertThat(won.substatus().value()).isEqualTo("Won");
        assertThat(won.statusReason()).isEqualTo("Won");
    }

    @Test
    void an_opportunity_won_before_its_referral_existed_closes_the_referral_on_the_next_sync() {
        // given a shared opportunity the seller won before the connector created its referral
        Deal deal = coSellDeal();
        crm.winOpportunity(deal.opportunity(), 3, "Won Opportunity");
        OutboundResult created = sync.sync(deal.ref());
        assertThat(created.outcome()).as(created.message()).isEqualTo(OutboundOutcome.CREATED);

        // when the poller sends the opportunity again (the write-back changed it; the write-back reports the row as
        // synced, open, so the win is a change since the snapshot)
        OutboundResult next = sync.sync(deal.ref());

        // then the referral is closed as won, not left open
        assertThat(next.outcome()).as(next.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral won = referral(created.referralId().orElseThrow());
        assertThat(won.status().value()).isEqualTo("Closed");
        assertThat(won.substatus().value()).isEqualTo("Won");
    }

    @Test
    void losing_the_opportunity_closes_the_referral_as_lost_with_the_status_and_close_description() {
        // given
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        crm.loseOpportunity(deal.opportunity(), 5, "Lost Opportunity");
        CrmRecord close = crm.query(EntitySet.OPPORTUNITY_CLOSES, ODataQuery.all()
                .filter(eq("_opportunityid_value", deal.opportunity()))).getFirst();
        crm.update(EntitySet.OPPORTUNITY_CLOSES, close.id(), object("{\"description\": \"Went with a competitor\"}"), Optional.empty());

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral lost = referral(referral.id());
        assertThat(lost.status().value()).isEqualTo("Closed");
        assertThat(lost.substatus().value()).isEqualTo("Lost");
        assertThat(lost.statusReason()).isEqualTo("Out-Sold: Went with a competitor");
    }

    @Test
    void a_closed_referral_is_never_edited_and_the_audit_says_why() {
        // given
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        crm.winOpportunity(deal.opportunity(), 3, "Won Opportunity");
        assertThat(sync.sync(deal.ref()).outcome()).isEqualTo(OutboundOutcome.UPDATED);
        sellerEdits(deal, "{\"estimatedvalue\": 99000}");
        int partnerCenterBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(deal.ref());
        OutboundResult again = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.TERMINAL_SKIPPED);
        assertThat(again.outcome()).isEqualTo(OutboundOutcome.TERMINAL_SKIPPED);
        assertThat(partnerCenterRequests()).isEqualTo(partnerCenterBefore);
        assertThat(referral(referral.id()).details().dealValue()).isEqualByComparingTo("85000");
        String audit = text(opportunity(deal), "cosell_audit");
        assertThat(audit).endsWith("not sent: the referral is Closed/Won, and Partner Center does not allow editing a "
                + "closed referral (changed in the CRM: deal value)");
        assertThat(audit.lines().filter(line -> line.contains("not sent"))).hasSize(1);
    }

    @Test
    void the_write_back_reports_the_row_as_synced_not_a_sellers_change_made_meanwhile() {
        // given the sync read the opportunity, then the seller won it before the sync wrote back (its etag is stale)
        Deal deal = coSellDeal();
        CrmRecord asRead = crm.get(EntitySet.OPPORTUNITIES, deal.opportunity(), List.of()).orElseThrow();
        crm.winOpportunity(deal.opportunity(), 3, "Won Opportunity");
        OpportunityWriteBack writeBack = new OpportunityWriteBack(crm, CONFIG, what -> what, List.of());

        // when the write-back meets the 412, re-reads and writes its audit line
        ObjectNode synced = writeBack.write(asRead, new OpportunityWriteBack.Change(CrmColumns.empty(), Optional.empty(),
                Optional.of("updated deal value"), false));

        // then what it reports for the snapshot is the state it synced (open), so the poller still sends the win
        assertThat(synced.path("statecode").asInt()).isZero();
        assertThat(synced.path("cosell_audit").asText()).endsWith("updated deal value");
        assertThat(crm.get(EntitySet.OPPORTUNITIES, deal.opportunity(), List.of()).orElseThrow()
                .fields().path("statecode").asInt()).as("the win stays in the CRM").isEqualTo(1);
    }

    // ---- 6. 412 and merge ------------------------------------------------------------------------------------

    @Test
    void a_412_is_merged_field_by_field_and_both_sides_keep_their_changes() {
        // given: Microsoft changes the notes and sets its CRM id; the seller changes the deal value
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        microsoftChanges(referral.id(), "{\"details\": {\"notes\": \"Microsoft: customer also wants Fabric\"},"
                + " \"trackingInfo\": {\"microsoftMsxId\": \"7-3KX8F9Q2\"}}");
        sellerEdits(deal, "{\"estimatedvalue\": 95000}");
        int conflictsBefore = http.count(partnerCenterEmulator.baseUri(), 412);

        // when
        OutboundResult result = sync.sync(deal.ref());
        var inboundAfter = inbound.sync(referral.id());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        assertThat(http.count(partnerCenterEmulator.baseUri(), 412) - conflictsBefore).isEqualTo(1);
        assertThat(result.message()).endsWith("(merged with a newer version in Partner Center)");
        Referral merged = referral(referral.id());
        assertThat(merged.details().dealValue()).isEqualByComparingTo("95000");
        assertThat(merged.details().notes()).isEqualTo("Microsoft: customer also wants Fabric");
        assertThat(merged.trackingInfo().microsoftMsxId()).isEqualTo("7-3KX8F9Q2");
        assertThat(inboundAfter.outcome()).as(inboundAfter.message()).isEqualTo(InboundOutcome.UPDATED);
        CrmRecord opportunity = opportunity(deal);
        assertThat(opportunity.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("95000");
        assertThat(text(opportunity, "description")).isEqualTo("Microsoft: customer also wants Fabric");
        assertThat(text(opportunity, "cosell_microsoftcrmid")).isEqualTo("7-3KX8F9Q2");
    }

    @Test
    void a_true_conflict_keeps_the_crm_value_by_default_and_is_audited() {
        // given
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        microsoftChanges(referral.id(), "{\"details\": {\"dealValue\": 70000}}");
        sellerEdits(deal, "{\"estimatedvalue\": 90000}");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        assertThat(referral(referral.id()).details().dealValue()).isEqualByComparingTo("90000");
        assertThat(text(opportunity(deal), "cosell_audit")).contains("conflict on deal value: changed in the CRM (90000) "
                + "and in Partner Center (70000) since the last sync; kept the CRM's value (conflictWinner CRM)");
        assertThat(inbound.sync(referral.id()).outcome()).isEqualTo(InboundOutcome.NO_CHANGE);
    }

    @Test
    void a_true_conflict_keeps_partner_centers_value_when_configured_and_the_crm_follows() {
        // given
        OpportunityOutboundSync partnerCenterWins = new OpportunityOutboundSync(crm, partnerCenter, state,
                CONFIG.withConflictWinner(ConflictWinner.PARTNER_CENTER), Clock.systemUTC(), TestJson.MAPPER);
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        microsoftChanges(referral.id(), "{\"details\": {\"dealValue\": 70000}}");
        sellerEdits(deal, "{\"estimatedvalue\": 90000, \"description\": \"Seller's notes\"}");

        // when
        OutboundResult result = partnerCenterWins.sync(deal.ref());
        var inboundAfter = inbound.sync(referral.id());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral merged = referral(referral.id());
        assertThat(merged.details().dealValue()).isEqualByComparingTo("70000");
        assertThat(merged.details().notes()).isEqualTo("Seller's notes");
        assertThat(text(opportunity(deal), "cosell_audit")).contains("kept Partner Center's value (conflictWinner PARTNER_CENTER)");
        assertThat(inboundAfter.outcome()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(opportunity(deal).fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("70000");
    }

    // ---- 7. no echo ------------------------------------------------------------------------------------------

    @Test
    void the_inbound_sync_of_our_own_create_and_patch_is_no_change() {
        // given
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        var afterCreate = inbound.sync(referral.id());
        sellerEdits(deal, "{\"estimatedvalue\": 91000, \"estimatedclosedate\": \"2025-12-01\"}");
        assertThat(sync.sync(deal.ref()).outcome()).isEqualTo(OutboundOutcome.UPDATED);
        long dataverseBefore = dataverseRequests();

        // when
        var afterPatch = inbound.sync(referral.id());

        // then
        assertThat(afterCreate.outcome()).as(afterCreate.message()).isEqualTo(InboundOutcome.NO_CHANGE);
        assertThat(afterPatch.outcome()).as(afterPatch.message()).isEqualTo(InboundOutcome.NO_CHANGE);
        assertThat(dataverseRequests()).isEqualTo(dataverseBefore);
    }

    @Test
    void the_outbound_sync_of_an_inbound_write_is_no_change() {
        // given: Microsoft shares a referral and later changes it; both reach the CRM through the inbound sync
        Deal deal = sharedByMicrosoft();
        int afterCreate = partnerCenterRequests();
        OutboundResult echoOfCreate = sync.sync(deal.ref());
        microsoftChanges(referralIdOf(deal), "{\"details\": {\"dealValue\": 64000, \"notes\": \"Bigger scope\"}}");
        assertThat(inbound.sync(referralIdOf(deal)).outcome()).isEqualTo(InboundOutcome.UPDATED);
        int afterUpdate = partnerCenterRequests();

        // when
        OutboundResult echoOfUpdate = sync.sync(deal.ref());

        // then
        assertThat(echoOfCreate.outcome()).as(echoOfCreate.message()).isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(echoOfUpdate.outcome()).as(echoOfUpdate.message()).isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(partnerCenterRequests()).isEqualTo(afterUpdate);
        assertThat(afterCreate).isPositive();
    }

    // ---- 8. concurrency and failures -------------------------------------------------------------------------

    @Test
    void an_opportunity_being_synced_elsewhere_is_retried_later() {
        // given
        Deal deal = coSellDeal();
        assertThat(state.tryAcquire("opportunity#" + deal.opportunity(), "another-worker", Duration.ofMinutes(1))).isTrue();

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.RETRY_LATER);
        assertThat(result.retryLater()).isTrue();
        assertThat(referralsOf(deal)).isEmpty();
    }

    @Test
    void a_referral_the_inbound_sync_is_writing_is_retried_later() {
        // given
        Deal deal = coSellDeal();
        Referral referral = shared(deal);
        sellerEdits(deal, "{\"estimatedvalue\": 86000}");
        assertThat(state.tryAcquire("referral#" + referral.id(), "inbound-worker", Duration.ofMinutes(1))).isTrue();

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.RETRY_LATER);
        assertThat(referral(referral.id()).details().dealValue()).isEqualByComparingTo("85000");
    }

    @Test
    void partner_center_failing_after_the_client_retries_is_retry_later_without_audit() {
        // given
        Deal deal = coSellDeal();
        faults("{\"serverErrorShare\": 1.0}");

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        faults(null);
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.RETRY_LATER);
        assertThat(text(opportunity(deal), "cosell_audit")).isNull();
        assertThat(sync.sync(deal.ref()).outcome()).isEqualTo(OutboundOutcome.CREATED);
        assertThat(referralsOf(deal)).hasSize(1);
    }

    @Test
    void partner_center_refusing_the_referral_is_invalid_with_its_message() {
        // given
        Deal deal = coSellDeal();
        ReferralClient refusing = new ForwardingReferralClient(partnerCenter) {
            @Override
            public Referral create(Referral referral) {
                throw new ApiException(400, "invalidRequest", "The field 'partnerRole' is required.", null);
            }
        };

        // when
        OutboundResult result = new OpportunityOutboundSync(crm, refusing, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER).sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.INVALID);
        assertThat(text(opportunity(deal), "cosell_audit")).contains("✘ Partner Center refused the referral: 400 invalidRequest: "
                + "The field 'partnerRole' is required.");
        assertThat(text(opportunity(deal), "name")).startsWith("✘ ");
    }

    @Test
    void an_opportunity_with_sync_off_is_not_sent() {
        // given
        Deal deal = deal(opportunity -> opportunity.put("cosell_syncwithpartnercenter", false));

        // when
        OutboundResult result = sync.sync(deal.ref());

        // then
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(referralsOf(deal)).isEmpty();
    }

    /** Passes every call on; tests override the one that should misbehave. */
    private static class ForwardingReferralClient implements ReferralClient {

        private final ReferralClient delegate;

        ForwardingReferralClient(ReferralClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public Referral get(String id) {
            return delegate.get(id);
        }

        @Override
        public Referral create(Referral referral) {
            return delegate.create(referral);
        }

        @Override
        public Referral patch(String id, List<PatchOperation> operations, Optional<String> ifMatch) {
            return delegate.patch(id, operations, ifMatch);
        }

        @Override
        public Stream<Referral> list(ReferralQuery query) {
            return delegate.list(query);
        }
    }
}
