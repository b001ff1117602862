package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import io.cosell.sandbox.lambda.Invocation;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9 end to end over the sandbox with every webhook delivery dropped (as when Partner Center gives up after its
 * 10 attempts): the reconciler, on the sandbox's own 30-second schedule, finds the referral and the real mapper brings
 * it into the CRM; and a dead-lettered message, replayed through the admin function, is handled.
 */
class ReconcilerE2EIT {

    // an upper bound, not a timing: one reconciler interval (30 s), the sync, and slack for a slow machine
    private static final Duration ARRIVAL = Duration.ofSeconds(120);
    private static final Pattern QUEUED_A_NEW_REFERRAL = Pattern.compile("^reconcile: found \\d+ .*· queued [1-9]\\d* \\([1-9]\\d* not in the CRM yet");

    private static Sandbox sandbox;
    private static SandboxClient client;
    private static final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options());
        sandbox.onSyncLine(lines::add);
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
    void with_every_webhook_dropped_a_new_referral_reaches_the_crm_through_the_reconciler() {
        // given
        client.partnerCenterFaults(json("{\"webhookDropShare\": 1.0}"));

        // when a Microsoft seller shares a referral
        String id = client.microsoftSharesReferral(json("""
                {"name": "Reconciled Ltd - Azure migration",
                 "customerProfile": {"name": "Reconciled Ltd",
                                     "address": {"city": "Cork", "postalCode": "T12 AB34", "country": "IE"}}}"""))
                .path("id").asText();

        // then it reaches the CRM, though no webhook was ever sent
        JsonNode lead = await().atMost(ARRIVAL).until(() -> client.crmRowsByReferral("leads", id), rows -> rows.size() == 1)
                .getFirst();
        assertThat(lead.path("companyname").asText()).isEqualTo("Reconciled Ltd");
        assertThat(client.deliveriesFor(id)).isNotEmpty().allSatisfy(delivery -> {
            assertThat(delivery.path("outcome").asText()).isEqualTo("dropped");
            assertThat(delivery.path("attempts")).isEmpty();
        });
        // and the sandbox printed the reconciler's line (found, queued, skipped as in sync) before the sync's
        int reconciled = indexOf(line -> QUEUED_A_NEW_REFERRAL.matcher(line).find());
        int synced = await().atMost(ARRIVAL).until(() -> indexOf(line -> line.startsWith("sync: referral " + id)),
                index -> index >= 0);
        assertThat(reconciled).as("a reconciler line that queued a referral; lines: %s", lines).isBetween(0, synced);
        assertThat(lines.get(reconciled)).contains("skipped", "as in sync");
    }

    @Test
    void a_dead_lettered_referral_replayed_through_the_admin_function_is_synced_and_the_others_stay() {
        // given two referrals whose webhooks were lost and whose sync messages are on the dead-letter queue, while
        // the reconciler is kept out (its lease held), so only the replay can bring them
        client.partnerCenterFaults(json("{\"webhookDropShare\": 1.0}"));
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(AwsClientSettings.local(sandbox.dynamoDb().endpoint()));
             SqsClient sqs = AwsClients.sqs(AwsClientSettings.local(sandbox.sqs().endpoint()))) {
            DynamoDbSyncStateStore state = new DynamoDbSyncStateStore(dynamoDb, Sandbox.SYNC_TABLE);
            String owner = "test-" + UUID.randomUUID();
            await().atMost(ARRIVAL).until(() -> state.tryAcquire("reconciler", owner, Duration.ofMinutes(10)));
            try {
                String replayed = client.microsoftSharesReferral(json("""
                        {"name": "Replayed Ltd - Dynamics 365",
                         "customerProfile": {"name": "Replayed Ltd",
                                             "address": {"city": "Galway", "postalCode": "H91 CD56", "country": "IE"}}}"""))
                        .path("id").asText();
                String kept = client.microsoftSharesReferral(json("{\"name\": \"Kept Ltd - Dynamics 365\"}"))
                        .path("id").asText();
                deadLetter(sqs, replayed);
                deadLetter(sqs, kept);

                // when
                Invocation answer = sandbox.invokeAdmin("{\"action\":\"replay-dlq\",\"referralId\":\"" + replayed + "\"}");

                // then
                assertThat(answer.succeeded()).as("admin answered %s", answer.functionError()).isTrue();
                JsonNode report = json(answer.payloadUtf8());
                assertThat(report.path("queued")).singleElement()
                        .satisfies(line -> assertThat(line.asText()).contains("referral " + replayed));
                assertThat(report.path("left").asInt()).isEqualTo(1);
                await().atMost(ARRIVAL).until(() -> client.crmRowsByReferral("leads", replayed), rows -> rows.size() == 1);
                assertThat(client.crmRowsByReferral("leads", kept)).isEmpty();
                assertThat(client.deadLetters()).isEqualTo(1);
            } finally {
                state.release("reconciler", owner);
            }
        }
    }

    private static void deadLetter(SqsClient sqs, String referralId) {
        String message = """
                {"direction":"PC_TO_CRM","referralId":"%s","eventName":"referral-created","changeDate":"%s",\
                "dedupeKey":"referral-created#%s"}""".formatted(referralId, Instant.now(), referralId);
        sqs.sendMessage(b -> b.queueUrl(sandbox.sqs().queueUrl(Sandbox.SYNC_DLQ)).messageBody(message));
    }

    private static int indexOf(java.util.function.Predicate<String> test) {
        List<String> snapshot = List.copyOf(lines);
        for (int i = 0; i < snapshot.size(); i++) {
            if (test.test(snapshot.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
