package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import io.cosell.sandbox.lambda.IntervalScheduler;
import org.junit.jupiter.api.AfterAll;
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
 * A seller's edit the CRM poller has not sent yet meets Microsoft's change of the same referral, end to end over the
 * sandbox: Microsoft acts through the Partner Center emulator (signed webhook → receiver → queue → mapper), the seller
 * through the Dataverse emulator. The poller's schedule ticks only when a test says so (once the inbound sync is done),
 * so the inbound sync always meets the seller's edit unsent.
 */
class InboundMergeE2EIT {

    // an upper bound, not a timing: long enough for a message handed back to the queue (backed off 5 s to 30 s) to come round again
    private static final Duration SYNC = Duration.ofSeconds(120);
    /** How often a waiting test ticks the poller: a tick while a run is still going is refused by its lease. */
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final ManualSchedule POLLER = new ManualSchedule();
    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options(), POLLER);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aSellersUnsentDealValueAndMicrosoftsCloseDateBothSurviveOnBothSides() {
        // given an accepted referral from Microsoft in the CRM, and the seller's new deal value not sent yet
        String referralId = acceptedReferralInTheCrm("Bantry Bay Boats");
        String opportunityId = opportunityOf(referralId).path("opportunityid").asText();
        client.sellerUpdates("opportunities", opportunityId, json("{\"estimatedvalue\": 90000}"));

        // when Microsoft moves the close date
        client.microsoftChangesReferral(referralId, json("{\"details\": {\"closingDateTime\": \"2027-06-30T00:00:00Z\"}}"));

        // then the CRM has Microsoft's date and still the seller's value
        await().atMost(SYNC).untilAsserted(() ->
                assertThat(opportunityOf(referralId).path("estimatedclosedate").asText()).isEqualTo("2027-06-30"));
        assertThat(opportunityOf(referralId).path("estimatedvalue").decimalValue()).isEqualByComparingTo("90000");

        // when the poller runs, then Partner Center has both too
        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            POLLER.tick();
            JsonNode details = client.referral(referralId).path("details");
            assertThat(details.path("dealValue").decimalValue()).isEqualByComparingTo("90000");
            assertThat(details.path("closingDateTime").asText()).startsWith("2027-06-30");
        });
        JsonNode opportunity = opportunityOf(referralId);
        assertThat(opportunity.path("estimatedvalue").decimalValue()).isEqualByComparingTo("90000");
        assertThat(opportunity.path("estimatedclosedate").asText()).isEqualTo("2027-06-30");
    }

    @Test
    void aDealValueChangedOnBothSidesFollowsConflictWinnerCrmOnBothSidesAndTheAuditSaysSo() {
        // given an accepted referral from Microsoft in the CRM, and the seller's new deal value not sent yet
        String referralId = acceptedReferralInTheCrm("Kinsale Kilns");
        String opportunityId = opportunityOf(referralId).path("opportunityid").asText();
        client.sellerUpdates("opportunities", opportunityId, json("{\"estimatedvalue\": 90000}"));

        // when Microsoft changes the deal value too
        client.microsoftChangesReferral(referralId, json("{\"details\": {\"dealValue\": 85000}}"));

        // then the CRM keeps the seller's value (conflictWinner CRM, the default) and the Audit says why
        await().atMost(SYNC).untilAsserted(() -> assertThat(opportunityOf(referralId).path("cosell_audit").asText())
                .contains("conflict on deal value: changed in the CRM (90000) and in Partner Center (85000) since the "
                        + "last sync; kept the CRM's value (conflictWinner CRM), Partner Center gets it with the next "
                        + "CRM → Partner Center sync"));
        assertThat(opportunityOf(referralId).path("estimatedvalue").decimalValue()).isEqualByComparingTo("90000");

        // when the poller runs, then Partner Center gets the seller's value
        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            POLLER.tick();
            assertThat(client.referral(referralId).path("details").path("dealValue").decimalValue())
                    .isEqualByComparingTo("90000");
        });
        assertThat(opportunityOf(referralId).path("estimatedvalue").decimalValue()).isEqualByComparingTo("90000");
    }

    /** Microsoft shares an accepted referral (deal value 50,000 EUR); returns its id once its opportunity exists. */
    private static String acceptedReferralInTheCrm(String company) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String id = client.microsoftSharesReferral(json("""
                {"status": "Active", "substatus": "Accepted",
                 "customerProfile": {"name": "%s %s", "address": {"city": "Cork", "postalCode": "T12 %s", "country": "IE"},
                                     "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife.%s@customer.example"}]},
                 "details": {"dealValue": 50000, "currency": "EUR", "closingDateTime": "2027-03-31T00:00:00Z"}}"""
                .formatted(company, suffix, suffix.substring(0, 4), suffix))).path("id").asText();
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(client.crmRowsByReferral("opportunities", id)).hasSize(1);
            assertThat(client.deliveriesFor(id)).isNotEmpty()
                    .allMatch(delivery -> !"pending".equals(delivery.path("outcome").asText()));
        });
        return id;
    }

    private static JsonNode opportunityOf(String referralId) {
        List<JsonNode> rows = client.crmRowsByReferral("opportunities", referralId);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    /** The poller's schedule, ticked by the test: each tick invokes the crm-poller function once. */
    private static final class ManualSchedule implements IntervalScheduler {

        private final List<Runnable> jobs = new CopyOnWriteArrayList<>();

        @Override
        public AutoCloseable every(String name, Duration interval, Runnable task) {
            jobs.add(task);
            return () -> jobs.remove(task);
        }

        void tick() {
            jobs.forEach(Runnable::run);
        }
    }
}
