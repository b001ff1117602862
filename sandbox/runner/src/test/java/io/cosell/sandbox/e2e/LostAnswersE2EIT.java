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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8, items 1 and 2, end to end over the sandbox: the emulators apply a request and then drop its connection
 * ("act, then lose the answer", {@code loseAnswers} in {@code /_sandbox/faults}); the real function.zip files must
 * still leave exactly one record of each kind. Runs with "a referral not yet accepted becomes an opportunity".
 */
class LostAnswersE2EIT {

    // an upper bound, not a timing: long enough for a message handed back to the queue (backed off 5 s to 30 s) to come round again
    private static final Duration SYNC = Duration.ofSeconds(150);
    private static final String REFERRALS = "/v1.0/engagements/referrals";
    private static final String API = "/api/data/v9.2/";
    private static Sandbox sandbox;
    private static SandboxClient client;
    private static final List<String> syncLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options()
                .withPollInterval(Duration.ofSeconds(2))
                .withMappingJson("{\"newReferralBecomes\": \"OPPORTUNITY\"}"));
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
    void aMicrosoftReferralWhoseCrmCreatesLoseTheirAnswersBecomesOneOpportunityOneAccountOneContact() {
        // given every first create of the CRM records applied, then its answer lost
        client.dataverseFaults(json("""
                {"loseAnswers": [
                  {"method": "POST", "path": "%1$s$batch"},
                  {"method": "POST", "path": "%1$saccounts"}, {"method": "PATCH", "path": "%1$saccounts(*"},
                  {"method": "POST", "path": "%1$scontacts"}, {"method": "PATCH", "path": "%1$scontacts(*"},
                  {"method": "POST", "path": "%1$scosell_solutions"}, {"method": "PATCH", "path": "%1$scosell_solutions(*"},
                  {"method": "PATCH", "path": "%1$sopportunities(*"}]}""".formatted(API)));
        Customer customer = Customer.unique("Lost Answer Foods");

        // when a Microsoft seller shares a referral
        String id = client.microsoftSharesReferral(json("{\"customerProfile\": " + customer.profileJson() + "}"))
                .path("id").asText();

        // then, once every message has been handled, there is one of each
        await().atMost(SYNC).until(() -> client.crmRowsByReferral("opportunities", id), rows -> !rows.isEmpty());
        awaitSettled();
        // the answers of the $batch that creates a new customer's account and contact, of the opportunity and of
        // the solution rows at least
        assertThat(sandbox.dataverse().server().faults().lostAnswers()).isGreaterThanOrEqualTo(3);
        assertThat(client.crmRowsByReferral("opportunities", id)).hasSize(1);
        assertThat(client.crmRows("accounts", "name eq '" + customer.name() + "'")).hasSize(1);
        assertThat(client.crmRows("contacts", "emailaddress1 eq '" + customer.email() + "'")).hasSize(1);
        assertThat(client.deadLetters()).isZero();
    }

    @Test
    void aSharedOpportunityWhoseReferralPostLosesItsAnswerBecomesOneReferralWrittenBack() {
        // given the POST of a referral applied, then its answer lost
        client.partnerCenterFaults(json("{\"loseAnswers\": [{\"method\": \"POST\", \"path\": \"" + REFERRALS + "\"}]}"));

        // when a seller shares an opportunity
        Deal deal = Deal.createsCoSellOpportunity("Lost Answer Traders");

        // then one referral, written back on the seller's opportunity, and no second opportunity from its events
        String referralId = awaitReferralIdentifier(deal);
        awaitSettled();
        assertThat(sandbox.partnerCenter().faults().lostAnswers()).isPositive();
        assertThat(client.referralsOfOpportunity(deal.opportunityId())).singleElement()
                .satisfies(referral -> assertThat(referral.path("id").asText()).isEqualTo(referralId));
        assertThat(client.crmRowsByReferral("opportunities", referralId)).singleElement()
                .satisfies(row -> assertThat(row.path("opportunityid").asText()).isEqualTo(deal.opportunityId()));
        assertSellersFieldsIntact(deal);
        assertThat(client.deadLetters()).isZero();
    }

    @Test
    void theReferralCreatedEventHandledBeforeTheWriteBackOfALostPostWaitsAndMakesNoSecondOpportunity() {
        // given the POST applied and its answer lost, and the new referral not listable: the outbound message waits
        client.partnerCenterFaults(json("""
                {"loseAnswers": [{"method": "POST", "path": "%1$s"}, {"method": "GET", "path": "%1$s", "times": 100000}]}"""
                .formatted(REFERRALS)));
        Deal deal = Deal.createsCoSellOpportunity("Between Traders");
        String referralId = await().atMost(SYNC).until(() -> createdReferralOf(deal), id -> id != null);

        // when its referral-created event is handled before the write-back
        await().atMost(SYNC).until(() -> syncLines.stream().anyMatch(line -> line.contains("referral " + referralId)
                && line.contains("Partner Center → CRM · RETRY_LATER") && line.contains("still in progress")));
        assertThat(client.crmRow("opportunities", deal.opportunityId()).path("cosell_referralid").isNull()).isTrue();
        client.resetFaults();

        // then the outbound retry writes back, the event's redelivery finds it, and nothing was made twice
        assertThat(awaitReferralIdentifier(deal)).isEqualTo(referralId);
        awaitSettled();
        assertThat(client.referralsOfOpportunity(deal.opportunityId())).hasSize(1);
        assertThat(client.crmRowsByReferral("opportunities", referralId)).singleElement()
                .satisfies(row -> assertThat(row.path("opportunityid").asText()).isEqualTo(deal.opportunityId()));
        assertSellersFieldsIntact(deal);
        assertThat(client.deadLetters()).isZero();
    }

    // ---- helpers

    /** The referral the connector created for the deal, found through the webhook deliveries (the list is faulted). */
    private static String createdReferralOf(Deal deal) {
        return client.allDeliveries().stream()
                .filter(d -> "referral-created".equals(d.path("eventName").asText()))
                .map(d -> d.path("referralId").asText())
                .filter(id -> deal.opportunityId().equals(client.referral(id).path("externalReferenceId").asText()))
                .findFirst().orElse(null);
    }

    private static String awaitReferralIdentifier(Deal deal) {
        return await().atMost(SYNC).until(() -> client.crmRow("opportunities", deal.opportunityId()),
                row -> row.path("cosell_referralid").isTextual()).path("cosell_referralid").asText();
    }

    /**
     * Every webhook delivery answered and the sync queue empty (no message waiting, in flight or handed back) twice in
     * a row, a poll interval apart: late work has had its chance.
     */
    private static void awaitSettled() {
        boolean[] settledBefore = {false};
        await().atMost(SYNC).pollInterval(Duration.ofSeconds(2)).until(() -> {
            boolean settled = client.allDeliveries().stream().noneMatch(d -> "pending".equals(d.path("outcome").asText()))
                    && client.syncQueueMessages() == 0;
            boolean twice = settled && settledBefore[0];
            settledBefore[0] = settled;
            return twice;
        });
    }

    private static void assertSellersFieldsIntact(Deal deal) {
        JsonNode opportunity = client.crmRow("opportunities", deal.opportunityId());
        assertThat(opportunity.path("name").asText()).isEqualTo("✔ " + deal.name());
        assertThat(opportunity.path("estimatedvalue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(opportunity.path("estimatedclosedate").asText()).startsWith("2027-09-30");
        assertThat(opportunity.path("description").asText()).isEqualTo("Landing zone and migration of 40 VMs");
    }

    /** A customer no other test uses, so counts of accounts and contacts belong to one test. */
    private record Customer(String name, String email) {

        static Customer unique(String base) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            return new Customer(base + " " + suffix, "aoife." + suffix + "@customer.example");
        }

        String profileJson() {
            return """
                    {"name": "%s", "address": {"city": "Galway", "postalCode": "H91 X2Y3", "country": "IE"},
                     "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s"}]}""".formatted(name, email);
        }
    }

    /** What a seller creates in the CRM: account, contact, opportunity (sync = yes, co-sell help), solution row. */
    private record Deal(String opportunityId, String name, String customer) {

        static Deal createsCoSellOpportunity(String customerBase) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String customer = customerBase + " " + suffix;
            String accountId = client.sellerCreates("accounts", json("""
                    {"name": "%s", "address1_city": "Dublin", "address1_postalcode": "D02 %s", "address1_country": "IE"}"""
                    .formatted(customer, suffix.substring(0, 4))));
            ObjectNode contact = json("""
                    {"firstname": "Sam", "lastname": "Buyer", "emailaddress1": "buyer.%s@customer.example"}""".formatted(suffix));
            contact.put("parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")");
            String contactId = client.sellerCreates("contacts", contact);
            String eur = client.crmRows("transactioncurrencies", "isocurrencycode eq 'EUR'").getFirst()
                    .path("transactioncurrencyid").asText();
            String name = customer + " - Azure landing zone";
            ObjectNode opportunity = json("""
                    {"name": "%s", "estimatedvalue": 85000, "estimatedclosedate": "2027-09-30",
                     "description": "Landing zone and migration of 40 VMs",
                     "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}""".formatted(name));
            opportunity.put("customerid_account@odata.bind", "/accounts(" + accountId + ")");
            opportunity.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
            opportunity.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + eur + ")");
            String opportunityId = client.sellerCreates("opportunities", opportunity);
            ObjectNode solution = json("""
                    {"cosell_solutionid": "SOL-1234567-ABC", "cosell_name": "Landing Zone Accelerator", "cosell_type": "Name"}""");
            solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + opportunityId + ")");
            client.sellerCreates("cosell_solutions", solution);
            return new Deal(opportunityId, name, customer);
        }
    }
}
