package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 3 end to end over the sandbox: a Microsoft seller acts through the Partner Center emulator's control API; the
 * signed webhook reaches the real webhook-receiver function.zip, the queue, the real mapper function.zip, and the
 * test reads the result back from the Dataverse emulator over OData — nothing in between is called directly.
 */
class InboundSyncE2EIT {

    // an upper bound, not a timing: long enough for a message handed back to the queue (backed off 5 s to 30 s) to come round again
    private static final Duration ARRIVAL = Duration.ofSeconds(120);
    // the sandbox queue: backoffs of 5 + 20 + 30 + 30 s, maxReceiveCount 5; a message failing every time is dead-lettered within this
    private static final Duration SETTLED = Duration.ofSeconds(5 * 30 + 30);
    private static Sandbox sandbox;
    private static SandboxClient client;
    private static final List<String> syncLines = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options()
                .withPollInterval(Duration.ofSeconds(2)));
        sandbox.onSyncLine(syncLines::add);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void noFaultsLeftBehind() {
        client.resetFaults();
    }

    @Test
    void aNewReferralFromMicrosoftBecomesExactlyOneLeadThenOneOpportunityWithEveryMappedField() {
        // given
        Customer customer = Customer.unique("Galway Bay Foods");
        JsonNode referral = client.microsoftSharesReferral(json("""
                {"name": "%s - Azure landing zone",
                 "customerProfile": %s,
                 "details": {"dealValue": 85000, "currency": "EUR", "closingDateTime": "2027-09-30T00:00:00Z",
                             "notes": "Customer wants help designing an Azure landing zone.",
                             "requirements": {"solutions": [{"id": "SOL-1234567-ABC", "name": "Landing Zone Accelerator", "type": "Name"}]}},
                 "consent": {"consentToShareReferralWithMicrosoftSellers": true},
                 "inviteContext": {"assistanceRequestCode": "CustomerTechnicalArchitecture",
                                   "invitedBy": {"organizationId": "msft", "organizationName": "Microsoft"}},
                 "trackingInfo": {"microsoftMsxId": "7-GALWAY"}}""".formatted(customer.name(), customer.profileJson())));
        String id = referral.path("id").asText();

        // when the referral arrives (not yet accepted)
        JsonNode lead = awaitOne("leads", id);

        // then one lead with the mapped fields, and one account and contact
        assertThat(lead.path("subject").asText()).isEqualTo("✔ " + customer.name() + " - Azure landing zone");
        assertThat(lead.path("companyname").asText()).isEqualTo(customer.name());
        assertThat(lead.path("emailaddress1").asText()).isEqualTo(customer.email());
        assertThat(lead.path("lastname").asText()).isEqualTo("Byrne");
        assertThat(lead.path("budgetamount").decimalValue()).isEqualByComparingTo("85000");
        assertThat(lead.path("address1_country").asText()).isEqualTo("IE");
        JsonNode account = onlyAccount(customer);
        assertThat(account.path("address1_country").asText()).isEqualTo("IE");
        assertThat(client.crmRows("contacts", "emailaddress1 eq '" + customer.email() + "'")).hasSize(1);

        // when the partner's referral becomes accepted in Partner Center
        client.microsoftChangesReferral(id, json("{\"status\": \"Active\", \"substatus\": \"Accepted\"}"));
        await().atMost(ARRIVAL).untilAsserted(() ->
                assertThat(syncLines).anyMatch(line -> line.contains("sync: referral " + id + " → opportunities(")));
        JsonNode opportunity = awaitOne("opportunities", id);

        // then exactly one opportunity, converted from the lead, with every mapped field
        assertThat(opportunity.path("name").asText()).isEqualTo("✔ " + customer.name() + " - Azure landing zone");
        assertThat(opportunity.path("estimatedvalue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(opportunity.path("estimatedclosedate").asText()).isEqualTo("2027-09-30");
        assertThat(opportunity.path("description").asText()).isEqualTo("Customer wants help designing an Azure landing zone.");
        assertThat(opportunity.path("cosell_syncwithpartnercenter").asBoolean()).isTrue();
        assertThat(opportunity.path("cosell_referralid").asText()).isEqualTo(id);
        assertThat(opportunity.path("cosell_referrallink").asText()).contains(id);
        assertThat(opportunity.path("cosell_microsoftcrmid").asText()).isEqualTo("7-GALWAY");
        assertThat(opportunity.path("cosell_visibletomicrosoft").asBoolean()).isTrue();
        assertThat(opportunity.path("cosell_microsofthelp").asInt()).isEqualTo(100000001);
        assertThat(opportunity.path("_customerid_value").asText()).isEqualTo(account.path("accountid").asText());
        assertThat(opportunity.path("_originatingleadid_value").asText()).isEqualTo(lead.path("leadid").asText());
        assertThat(client.crmRows("transactioncurrencies", "transactioncurrencyid eq "
                + opportunity.path("_transactioncurrencyid_value").asText()).getFirst().path("isocurrencycode").asText())
                .isEqualTo("EUR");
        assertThat(client.crmRows("cosell_solutions", "_cosell_opportunityid_value eq " + opportunity.path("opportunityid").asText()))
                .extracting(row -> row.path("cosell_solutionid").asText()).containsExactly("SOL-1234567-ABC");
        assertThat(client.crmRowsByReferral("leads", id)).hasSize(1);
        onlyAccount(customer);
    }

    @Test
    void theSameWebhookDeliveredFiveTimesAndConcurrentlyStillLeavesOneRecordAndOneAccount() {
        // given a referral whose created event was delivered once
        Customer customer = Customer.unique("Cork Cider");
        String id = client.microsoftSharesReferral(json("{\"customerProfile\": %s}".formatted(customer.profileJson())))
                .path("id").asText();
        JsonNode delivery = await().atMost(ARRIVAL).until(() -> client.deliveriesFor(id), list -> !list.isEmpty()).getFirst();

        // when Partner Center delivers the same webhook five more times, all at once
        List<CompletableFuture<Void>> redeliveries = IntStream.range(0, 5)
                .mapToObj(i -> CompletableFuture.runAsync(() -> client.redeliver(delivery.path("id").asText())))
                .toList();
        redeliveries.forEach(CompletableFuture::join);

        // then every delivery was answered, and there is still exactly one lead and one account
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(answers(id)).hasSizeGreaterThanOrEqualTo(6)
                .containsOnly(202, 200).containsOnlyOnce(202));
        awaitOne("leads", id);
        awaitQueueSettled();
        assertThat(client.crmRowsByReferral("leads", id)).hasSize(1);
        assertThat(client.crmRowsByReferral("opportunities", id)).isEmpty();
        onlyAccount(customer);
    }

    @Test
    void updatesFromMicrosoftReachTheSameRecord() {
        // given an accepted referral synced as an opportunity
        Customer customer = Customer.unique("Sligo Surf");
        String id = client.microsoftSharesReferral(json("""
                {"status": "Active", "substatus": "Accepted", "customerProfile": %s,
                 "details": {"dealValue": 40000, "currency": "EUR", "closingDateTime": "2027-03-31T00:00:00Z"}}"""
                .formatted(customer.profileJson()))).path("id").asText();
        awaitOne("opportunities", id);

        // when a Microsoft seller changes deal value, currency, close date, notes and adds Microsoft's CRM id
        client.microsoftChangesReferral(id, json("""
                {"details": {"dealValue": 99000, "currency": "USD", "closingDateTime": "2027-06-30T00:00:00Z",
                             "notes": "Budget approved"},
                 "trackingInfo": {"microsoftMsxId": "7-SLIGO"}}"""));

        // then the same opportunity shows it
        await().atMost(ARRIVAL).untilAsserted(() -> {
            JsonNode opportunity = onlyRow("opportunities", id);
            assertThat(opportunity.path("estimatedvalue").decimalValue()).isEqualByComparingTo("99000");
            assertThat(opportunity.path("estimatedclosedate").asText()).isEqualTo("2027-06-30");
            assertThat(opportunity.path("description").asText()).isEqualTo("Budget approved");
            assertThat(opportunity.path("cosell_microsoftcrmid").asText()).isEqualTo("7-SLIGO");
            assertThat(opportunity.path("cosell_audit").asText()).contains("Partner Center → CRM");
        });
        assertThat(client.crmRowsByReferral("opportunities", id)).hasSize(1);
    }

    @Test
    void anUpdateDeliveredBeforeTheCreateStillEndsInTheNewestState() {
        // given Partner Center delivers each webhook after the next one
        client.partnerCenterFaults(json("{\"webhookReorder\": true}"));
        Customer customer = Customer.unique("Kinsale Kayaks");

        // when a referral is shared and changed at once (updated is delivered before created)
        String id = client.microsoftSharesReferral(json("""
                {"customerProfile": %s, "details": {"dealValue": 10000, "currency": "EUR"}}""".formatted(customer.profileJson())))
                .path("id").asText();
        client.microsoftChangesReferral(id, json("{\"details\": {\"dealValue\": 12345}}"));
        client.resetFaults();
        client.microsoftSharesReferral(json("{\"customerProfile\": %s}".formatted(Customer.unique("Flush").profileJson())));

        // then the record has the newest value, once
        await().atMost(ARRIVAL).untilAsserted(() ->
                assertThat(onlyRow("leads", id).path("budgetamount").decimalValue()).isEqualByComparingTo("12345"));
        await().atMost(ARRIVAL).until(() -> client.deliveriesFor(id).stream()
                .noneMatch(delivery -> "pending".equals(delivery.path("outcome").asText())));
        awaitQueueSettled();
        assertThat(onlyRow("leads", id).path("budgetamount").decimalValue()).isEqualByComparingTo("12345");
    }

    @Test
    void with429sInjectedAt30PercentOnBothApisEveryReferralStillArrives() {
        // given
        long throttledBefore = throttled();
        ObjectNode throttle = json("{\"throttleShare\": 0.3, \"retryAfterSeconds\": 1}");
        client.partnerCenterFaults(throttle);
        client.dataverseFaults(throttle);

        // when
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(client.microsoftSharesReferral(json("{\"customerProfile\": %s}"
                    .formatted(Customer.unique("Throttled Traders").profileJson()))).path("id").asText());
        }

        // then
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                ids.forEach(id -> assertThat(client.crmRowsByReferral("leads", id)).hasSize(1)));
        assertThat(throttled() - throttledBefore).as("429s were injected and survived").isPositive();
        awaitQueueSettled();
        assertThat(client.deadLetters()).isZero();
    }

    @Test
    void anUnmappableReferralExplainsItselfInTheAuditWithACrossAndLeavesNothingOnTheDeadLetterQueue() {
        // when a referral arrives without the customer's company name
        String id = client.microsoftSharesReferral(json("""
                {"name": "Nameless deal %s", "customerProfile": {"name": null}}""".formatted(UUID.randomUUID())))
                .path("id").asText();

        // then the seller sees it, marked, with the reason in words
        JsonNode opportunity = awaitOne("opportunities", id);
        assertThat(opportunity.path("name").asText()).startsWith("✘ Nameless deal");
        assertThat(opportunity.path("cosell_audit").asText())
                .contains("Cannot sync referral " + id + ": the customer's company name is missing in Partner Center.");
        awaitQueueSettled();
        assertThat(client.deadLetters()).isZero();
        assertThat(client.crmRowsByReferral("opportunities", id)).hasSize(1);
    }

    @Test
    void aSellerAcceptsANewReferralOnItsLeadAndItBecomesOneOpportunity() {
        // given a referral from Microsoft, synced in as a lead (the default)
        Customer customer = Customer.unique("Dingle Distillers");
        String id = client.microsoftSharesReferral(json("{\"customerProfile\": %s}".formatted(customer.profileJson())))
                .path("id").asText();
        JsonNode lead = awaitOne("leads", id);

        // when the seller accepts it on the lead
        client.sellerUpdates("leads", lead.path("leadid").asText(), json("{\"cosell_referralresponse\": 100000000}"));

        // then Partner Center shows it accepted, and the CRM has one opportunity converted from the lead
        await().atMost(ARRIVAL).untilAsserted(() -> {
            JsonNode referral = client.referral(id);
            assertThat(referral.path("status").asText() + "/" + referral.path("substatus").asText()).isEqualTo("Active/Accepted");
        });
        JsonNode opportunity = awaitOne("opportunities", id);
        assertThat(opportunity.path("_originatingleadid_value").asText()).isEqualTo(lead.path("leadid").asText());
    }

    @Test
    void aSellerDeclinesANewReferralOnItsLeadWithAReason() {
        // given
        Customer customer = Customer.unique("Ennis Engineering");
        String id = client.microsoftSharesReferral(json("{\"customerProfile\": %s}".formatted(customer.profileJson())))
                .path("id").asText();
        String leadId = awaitOne("leads", id).path("leadid").asText();

        // when
        client.sellerUpdates("leads", leadId, json("""
                {"cosell_referralresponse": 100000001, "cosell_declinereason": "Outside our region"}"""));

        // then Partner Center has it declined with the reason, and the lead is disqualified
        await().atMost(ARRIVAL).untilAsserted(() -> {
            JsonNode referral = client.referral(id);
            assertThat(referral.path("status").asText() + "/" + referral.path("substatus").asText()).isEqualTo("Closed/Declined");
            assertThat(referral.path("statusReason").asText()).contains("Outside our region");
            assertThat(client.crmRow("leads", leadId).path("statecode").asInt()).isEqualTo(2);
        });
        assertThat(client.crmRowsByReferral("opportunities", id)).isEmpty();
    }

    private static JsonNode awaitOne(String entitySet, String referralId) {
        return await().atMost(ARRIVAL).until(() -> client.crmRowsByReferral(entitySet, referralId), rows -> rows.size() == 1)
                .getFirst();
    }

    private static JsonNode onlyRow(String entitySet, String referralId) {
        List<JsonNode> rows = client.crmRowsByReferral(entitySet, referralId);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static JsonNode onlyAccount(Customer customer) {
        List<JsonNode> accounts = client.crmRows("accounts", "name eq '" + customer.name().replace("'", "''") + "'");
        assertThat(accounts).as("accounts named %s", customer.name()).hasSize(1);
        return accounts.getFirst();
    }

    private static List<Integer> answers(String referralId) {
        List<Integer> statuses = new ArrayList<>();
        for (JsonNode delivery : client.deliveriesFor(referralId)) {
            delivery.path("attempts").forEach(attempt -> statuses.add(attempt.path("status").asInt()));
        }
        return statuses;
    }

    private static long throttled() {
        return sandbox.partnerCenter().faults().injectedThrottles() + sandbox.dataverse().server().faults().injectedThrottles();
    }

    /**
     * Waits until duplicate, late and handed-back messages had their chance: the sync queue is drained and nothing is
     * in flight. A message a worker handed back (RETRY_LATER) is in flight until its visibility timeout ends, and one
     * that keeps failing is on the dead-letter queue by then, so "exactly one" and "no dead letters" hold for good.
     */
    private static void awaitQueueSettled() {
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(500)).until(client::syncQueueSettled);
    }

    /** A customer no other test uses, so counts of accounts and contacts belong to one test. */
    private record Customer(String name, String postalCode, String email) {

        static Customer unique(String base) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            return new Customer(base + " " + suffix, "H91 " + suffix.substring(0, 4).toUpperCase(),
                    "aoife." + suffix + "@customer.example");
        }

        String profileJson() {
            return """
                    {"name": "%s", "address": {"addressLine1": "1 Quay Street", "city": "Galway", "postalCode": "%s",
                     "country": "IE"},
                     "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s", "phoneNumber": "+353 91 555 0100"}]}"""
                    .formatted(name, postalCode, email);
        }
    }
}
