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
 * Issue 4 end to end over the sandbox: a seller works only in the CRM (Dataverse emulator, as the observer client);
 * the real crm-poller function.zip (every 2 s here) and mapper function.zip carry the changes to the Partner Center
 * emulator, where the test reads the referral back. Runs with the mapping option "a referral not yet accepted
 * becomes an opportunity", so incoming referrals can be accepted or declined on the opportunity.
 */
class OutboundSyncE2EIT {

    // an upper bound, not a timing: long enough for a message handed back to the queue (backed off 5 s to 30 s) to come round again
    private static final Duration SYNC = Duration.ofSeconds(120);
    // the sandbox queue: backoffs of 5 + 20 + 30 + 30 s, maxReceiveCount 5; a message failing every time is dead-lettered within this
    private static final Duration SETTLED = Duration.ofSeconds(5 * 30 + 30);
    private static Sandbox sandbox;
    private static SandboxClient client;
    private static final List<String> syncLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options()
                .withPollInterval(Duration.ofSeconds(2))
                // "webhooks lost for a while" must mean Partner Center's change is not in the CRM yet: the reconciler
                // (ReconcilerE2EIT) would bring it on its 30 s schedule and take the seller's edit around the 412 path
                .withReconcileInterval(Duration.ofHours(1))
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
    void aSellerSharesAnOpportunityThenEditsWinsItAndPartnerCenterFollows() {
        // given a seller's co-sell opportunity with help, a customer contact and a solution
        Seller deal = Seller.createsCoSellOpportunity("Northwind Traders", 85000);

        // when the poller and the mapper have run
        JsonNode opportunity = await().atMost(SYNC).until(() -> client.crmRow("opportunities", deal.opportunityId()),
                row -> row.path("cosell_referralid").isTextual());

        // then the opportunity shows Referral Identifier, Link and ✔, and the referral has every mapped field
        String referralId = opportunity.path("cosell_referralid").asText();
        assertThat(opportunity.path("name").asText()).isEqualTo("✔ " + deal.name());
        assertThat(opportunity.path("cosell_referrallink").asText()).contains(referralId);
        JsonNode referral = client.referral(referralId);
        assertThat(referral.path("name").asText()).isEqualTo(deal.name());
        assertThat(referral.path("type").asText()).isEqualTo("Shared");
        assertThat(referral.path("externalReferenceId").asText()).isEqualTo(deal.opportunityId());
        assertThat(referral.path("details").path("dealValue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(referral.path("details").path("currency").asText()).isEqualTo("EUR");
        assertThat(referral.path("details").path("closingDateTime").asText()).startsWith("2027-09-30");
        assertThat(referral.path("details").path("notes").asText()).isEqualTo("Landing zone and migration of 40 VMs");
        assertThat(referral.path("details").path("requirements").path("solutions").get(0).path("id").asText())
                .isEqualTo("SOL-1234567-ABC");
        assertThat(referral.path("customerProfile").path("name").asText()).isEqualTo(deal.customer());
        assertThat(referral.path("customerProfile").path("address").path("country").asText()).isEqualTo("IE");
        assertThat(referral.path("customerProfile").path("team").get(0).path("email").asText()).isEqualTo(deal.email());
        assertThat(referral.path("consent").path("consentToShareReferralWithMicrosoftSellers").asBoolean()).isTrue();
        assertThat(referral.path("inviteContext").path("assistanceRequestCode").asText())
                .isEqualTo("CustomerTechnicalArchitecture");

        // when the seller edits value, close date and name
        client.sellerUpdates("opportunities", deal.opportunityId(), json("""
                {"estimatedvalue": 99000, "estimatedclosedate": "2027-12-31", "name": "%s (phase 2)"}""".formatted(deal.name())));

        // then Partner Center follows
        await().atMost(SYNC).untilAsserted(() -> {
            JsonNode edited = client.referral(referralId);
            assertThat(edited.path("details").path("dealValue").decimalValue()).isEqualByComparingTo("99000");
            assertThat(edited.path("details").path("closingDateTime").asText()).startsWith("2027-12-31");
            assertThat(edited.path("name").asText()).isEqualTo(deal.name() + " (phase 2)");
        });

        // when the seller wins the opportunity
        client.sellerCloses(deal.opportunityId(), true, 3);

        // then the referral is Closed/Won
        await().atMost(SYNC).untilAsserted(() -> assertThat(status(referralId))
                .as("sync lines: %s", linesAbout(deal.opportunityId(), referralId)).isEqualTo("Closed/Won"));
    }

    @Test
    void aLostOpportunityClosesTheReferralAsLost() {
        // given a shared opportunity
        Seller deal = Seller.createsCoSellOpportunity("Contoso Pharma", 40000);
        String referralId = awaitReferralOf(deal.opportunityId());

        // when
        client.sellerCloses(deal.opportunityId(), false, 4);

        // then
        await().atMost(SYNC).untilAsserted(() -> assertThat(status(referralId)).isEqualTo("Closed/Lost"));
    }

    @Test
    void anIncomingReferralIsAcceptedFromTheCrmAndTheInboundWriteDoesNotBounceBack() {
        // given a referral from Microsoft, synced in as an opportunity
        String referralId = client.microsoftSharesReferral(json("{\"customerProfile\": %s}"
                .formatted(customerJson("Fabrikam Foods")))).path("id").asText();
        String opportunityId = await().atMost(SYNC).until(() -> client.crmRowsByReferral("opportunities", referralId),
                rows -> rows.size() == 1).getFirst().path("opportunityid").asText();
        String eTagAfterInbound = client.referral(referralId).path("eTag").asText();

        // when two poller runs have started after the inbound write and ended, and what they queued was synced
        awaitPollerRunsAndSettledQueue();

        // then the connector's own write did not come back to Partner Center
        assertThat(client.referral(referralId).path("eTag").asText()).as("no echo PATCH").isEqualTo(eTagAfterInbound);

        // when the seller accepts it and edits the description
        client.sellerUpdates("opportunities", opportunityId, json("""
                {"cosell_referralresponse": 100000000, "description": "Kick-off call booked"}"""));

        // then Partner Center shows the referral accepted, with the seller's notes
        await().atMost(SYNC).untilAsserted(() -> {
            JsonNode referral = client.referral(referralId);
            assertThat(status(referralId)).isEqualTo("Active/Accepted");
            assertThat(referral.path("details").path("notes").asText()).isEqualTo("Kick-off call booked");
        });
    }

    @Test
    void anIncomingReferralIsDeclinedFromTheCrmWithItsReason() {
        // given
        String referralId = client.microsoftSharesReferral(json("{\"customerProfile\": %s}"
                .formatted(customerJson("Tailspin Toys")))).path("id").asText();
        String opportunityId = await().atMost(SYNC).until(() -> client.crmRowsByReferral("opportunities", referralId),
                rows -> rows.size() == 1).getFirst().path("opportunityid").asText();

        // when
        client.sellerUpdates("opportunities", opportunityId, json("""
                {"cosell_referralresponse": 100000001, "cosell_declinereason": "No budget this year"}"""));

        // then
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(status(referralId)).isEqualTo("Closed/Declined");
            assertThat(client.referral(referralId).path("statusReason").asText()).contains("No budget this year");
        });
    }

    @Test
    void anOpportunityWithoutASolutionIsExplainedInTheAuditAndNeverReachesPartnerCenter() {
        // given a shared opportunity without any Microsoft solution
        Seller deal = Seller.createsCoSellOpportunityWithoutSolution("Adatum Air", 30000);

        // then the seller reads why, ✘ shows, and no referral was made
        await().atMost(SYNC).untilAsserted(() -> {
            JsonNode opportunity = client.crmRow("opportunities", deal.opportunityId());
            assertThat(opportunity.path("cosell_audit").asText()).contains("Solution ID is required");
            assertThat(opportunity.path("name").asText()).startsWith("✘ ");
        });
        awaitPollerRunsAndSettledQueue();
        assertThat(client.referralsWithExternalReference(deal.opportunityId())).as("referrals made for it").isEmpty();
        assertThat(client.crmRow("opportunities", deal.opportunityId()).path("cosell_referralid").isNull()).isTrue();
    }

    @Test
    void theSameReferralChangedInPartnerCenterAndInTheCrmBetweenTwoPollsKeepsBothChangesOnBothSides() {
        // given a shared opportunity, and Partner Center's webhooks to us lost for a while
        Seller deal = Seller.createsCoSellOpportunity("Litware Labs", 50000);
        String referralId = awaitReferralOf(deal.opportunityId());
        awaitWebhooksProcessed(referralId);
        client.partnerCenterFaults(json("{\"webhookDropShare\": 1.0}"));

        // when Microsoft records its CRM id in Partner Center and the seller changes the deal value in the CRM
        client.microsoftChangesReferral(referralId, json("{\"trackingInfo\": {\"microsoftMsxId\": \"7-LITWARE\"}}"));
        client.sellerUpdates("opportunities", deal.opportunityId(), json("{\"estimatedvalue\": 65000}"));

        // then Partner Center keeps Microsoft's change and gets the seller's (its eTag was stale: the 412 path)
        await().atMost(SYNC).untilAsserted(() -> {
            JsonNode referral = client.referral(referralId);
            assertThat(referral.path("details").path("dealValue").decimalValue()).isEqualByComparingTo("65000");
            assertThat(referral.path("trackingInfo").path("microsoftMsxId").asText()).isEqualTo("7-LITWARE");
        });
        await().atMost(SYNC).untilAsserted(() -> assertThat(client.crmRow("opportunities", deal.opportunityId())
                .path("cosell_audit").asText()).contains("merged with a newer version in Partner Center"));

        // and when the lost webhook is delivered again, the CRM gets Microsoft's change and keeps the seller's
        client.resetFaults();
        client.deliveriesFor(referralId).stream().filter(d -> "dropped".equals(d.path("outcome").asText()))
                .forEach(d -> client.redeliver(d.path("id").asText()));
        await().atMost(SYNC).untilAsserted(() -> {
            JsonNode opportunity = client.crmRow("opportunities", deal.opportunityId());
            assertThat(opportunity.path("cosell_microsoftcrmid").asText()).isEqualTo("7-LITWARE");
            assertThat(opportunity.path("estimatedvalue").decimalValue()).isEqualByComparingTo("65000");
        });
    }

    /**
     * Events are hints: the mapper always reads the newest referral, so a webhook still in flight (this referral's own,
     * or the related-referral event of Microsoft's side of the engagement) would carry a later Partner Center change
     * into the CRM early. Wait until every delivery was answered (so its message is queued) and the sync queue is
     * drained with nothing in flight.
     */
    private static void awaitWebhooksProcessed(String referralId) {
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(client.deliveriesFor(referralId)).isNotEmpty();
            assertThat(client.allDeliveries()).allMatch(d -> !"pending".equals(d.path("outcome").asText()));
        });
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(500)).until(client::syncQueueSettled);
    }

    /**
     * Waits for two more completed poller runs (the poller runs one at a time, so the second started after this call)
     * and then for the sync queue to be drained with nothing in flight: every change the CRM showed at the call was
     * polled, and whatever was queued for it was synced or handed back and retried to the end.
     */
    private static void awaitPollerRunsAndSettledQueue() {
        long target = sandbox.completedPollerRuns() + 2;
        await().atMost(SYNC).until(() -> sandbox.completedPollerRuns() >= target);
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(500)).until(client::syncQueueSettled);
    }

    private static List<String> linesAbout(String... ids) {
        return syncLines.stream().filter(line -> java.util.Arrays.stream(ids).anyMatch(line::contains)).toList();
    }

    private static String awaitReferralOf(String opportunityId) {
        return await().atMost(SYNC).until(() -> client.crmRow("opportunities", opportunityId),
                row -> row.path("cosell_referralid").isTextual()).path("cosell_referralid").asText();
    }

    private static String status(String referralId) {
        JsonNode referral = client.referral(referralId);
        return referral.path("status").asText() + "/" + referral.path("substatus").asText();
    }

    private static String customerJson(String base) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return """
                {"name": "%s %s", "address": {"city": "Dublin", "postalCode": "D02 %s", "country": "IE"},
                 "team": [{"firstName": "Sam", "lastName": "Buyer", "email": "sam.%s@customer.example"}]}"""
                .formatted(base, suffix, suffix.substring(0, 4), suffix);
    }

    /** What a seller creates in the CRM: account, contact, opportunity (sync = yes, co-sell help), solution row. */
    private record Seller(String opportunityId, String name, String customer, String email) {

        static Seller createsCoSellOpportunity(String customerBase, int value) {
            Seller deal = createsCoSellOpportunityWithoutSolution(customerBase, value);
            ObjectNode solution = json("""
                    {"cosell_solutionid": "SOL-1234567-ABC", "cosell_name": "Landing Zone Accelerator", "cosell_type": "Name"}""");
            solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + deal.opportunityId() + ")");
            client.sellerCreates("cosell_solutions", solution);
            return deal;
        }

        static Seller createsCoSellOpportunityWithoutSolution(String customerBase, int value) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String customer = customerBase + " " + suffix;
            String email = "buyer." + suffix + "@customer.example";
            String accountId = client.sellerCreates("accounts", json("""
                    {"name": "%s", "address1_city": "Dublin", "address1_postalcode": "D02 %s", "address1_country": "IE"}"""
                    .formatted(customer, suffix.substring(0, 4))));
            ObjectNode contact = json("{\"firstname\": \"Sam\", \"lastname\": \"Buyer\", \"emailaddress1\": \"%s\"}".formatted(email));
            contact.put("parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")");
            String contactId = client.sellerCreates("contacts", contact);
            String eur = client.crmRows("transactioncurrencies", "isocurrencycode eq 'EUR'").getFirst()
                    .path("transactioncurrencyid").asText();
            String name = customer + " - Azure landing zone";
            ObjectNode opportunity = json("""
                    {"name": "%s", "estimatedvalue": %d, "estimatedclosedate": "2027-09-30",
                     "description": "Landing zone and migration of 40 VMs",
                     "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}""".formatted(name, value));
            opportunity.put("customerid_account@odata.bind", "/accounts(" + accountId + ")");
            opportunity.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
            opportunity.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + eur + ")");
            return new Seller(client.sellerCreates("opportunities", opportunity), name, customer, email);
        }
    }
}
