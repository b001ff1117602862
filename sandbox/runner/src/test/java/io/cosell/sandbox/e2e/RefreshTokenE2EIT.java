package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxFunction;
import io.cosell.sandbox.TestSandboxes;
import io.cosell.sandbox.lambda.Invocation;
import io.cosell.sandbox.lambda.LocalFunction;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9 end to end over the sandbox: the Partner Center refresh token never dies silently. A redemption stores the
 * new token and a fresh execution environment uses it; a revoked sign-in shows as a metric on the mapper's output, a
 * line in the sync log and in the sandbox output, an Audit line on the opportunity, while its messages wait on the
 * queue instead of churning into the dead-letter queue. Only the emulators' APIs and control APIs, the queue's counts
 * and the functions' own output are looked at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefreshTokenE2EIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> syncLines = new CopyOnWriteArrayList<>();
    private static Sandbox sandbox;
    private static SandboxClient client;

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

    @Test
    @Order(1)
    void aRedemptionStoresTheNewTokenAndTheNextColdStartUsesIt() throws Exception {
        // given the token stored now
        LocalFunction keepAlive = sandbox.function(SandboxFunction.TOKEN_KEEPALIVE);
        String before = storedToken();

        // when the keep-alive redeems it
        Invocation first = keepAlive.invoke("{\"source\":\"schedule\"}".getBytes(StandardCharsets.UTF_8)).join();

        // then a new token is stored
        String stored = storedToken();
        assertThat(first.succeeded()).as(first.payloadUtf8()).isTrue();
        assertThat(JSON.readTree(first.payloadUtf8()).path("outcome").asText()).isEqualTo("stored");
        assertThat(stored).isNotEqualTo(before);

        // when every earlier token expires and the function starts afresh (a new execution environment)
        entraControl("/_sandbox/refresh-tokens/expire", "{\"refreshToken\": \"" + before + "\"}");
        entraControl("/_sandbox/refresh-tokens/expire", "{\"refreshToken\": \"sandbox-refresh-token\"}");
        int coldStarts = keepAlive.coldStarts().size();
        keepAlive.restartEnvironments();
        Invocation afterColdStart = keepAlive.invoke("{}".getBytes(StandardCharsets.UTF_8)).join();

        // then the new environment redeemed the stored token, not the consent token it was deployed with
        assertThat(keepAlive.coldStarts()).hasSizeGreaterThan(coldStarts);
        assertThat(afterColdStart.succeeded()).as(afterColdStart.payloadUtf8()).isTrue();
        assertThat(JSON.readTree(afterColdStart.payloadUtf8()).path("outcome").asText()).isEqualTo("stored");
        assertThat(storedToken()).isNotEqualTo(stored);
    }

    @Test
    @Order(2)
    void aRevokedSignInIsReportedOnceLoudlyAndItsMessagesWaitWithoutDeadLetterChurn() {
        // given a referral Microsoft shared, accepted, synced in as an opportunity
        String referralId = client.microsoftSharesReferral(json("""
                {"name": "Northwind - Sign-in check", "status": "Active", "substatus": "Accepted",
                 "customerProfile": {"name": "Northwind Traders %s",
                  "address": {"addressLine1": "1 Park Row", "city": "Leeds", "postalCode": "LS1 4AP", "country": "GB"},
                  "team": [{"firstName": "Ann", "lastName": "Lee", "email": "ann@northwind.example"}]},
                 "details": {"dealValue": 90000, "currency": "GBP", "closingDateTime": "2027-03-31T00:00:00Z"}}"""
                .formatted(System.nanoTime()))).path("id").asText();
        String opportunityId = await().atMost(ARRIVAL).until(() -> client.crmRowsByReferral("opportunities", referralId),
                rows -> rows.size() == 1).getFirst().path("opportunityid").asText();
        await().atMost(ARRIVAL).until(RefreshTokenE2EIT::queueSettled);

        // and the admin's sign-in revoked, the mapper in fresh environments (a cached access token would hide the
        // revocation for up to an hour, as in Entra)
        entraControl("/_sandbox/refresh-tokens/revoke", "");
        long refusalsBefore = entraCounts().path("refusals").asLong();
        LocalFunction mapper = sandbox.function(SandboxFunction.MAPPER);
        mapper.restartEnvironments();
        await().atMost(ARRIVAL).until(() -> mapper.readyEnvironments() == mapper.config().concurrency());

        // when Microsoft changes the referral three times
        for (int value : new int[] {91000, 92000, 93000}) {
            client.microsoftChangesReferral(referralId, json("{\"details\": {\"dealValue\": " + value + "}}"));
        }

        // then the sandbox prints the sync line and the opportunity's Audit says what to do, once
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(syncLines).anyMatch(line ->
                line.contains("referral " + referralId) && line.contains("SIGN_IN_EXPIRED")
                        && line.contains("Partner Center sign-in expired: an admin must sign in again")));
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(client.crmRow("opportunities", opportunityId)
                .path("cosell_audit").asText()).contains("✘ Partner Center sign-in expired: an admin must sign in again "
                + "(AADSTS50173: revoked)"));

        // and once the queue has settled: every message waits delayed, none in flight, none dead-lettered
        await().atMost(ARRIVAL).until(() -> queueCounts().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED) >= 1
                && queueSettled());
        assertThat(client.deadLetters()).isZero();
        assertThat(countOf(client.crmRow("opportunities", opportunityId).path("cosell_audit").asText(),
                "Partner Center sign-in expired")).isEqualTo(1);
        // (the reconciler, on its 30-second schedule, also redeems the token when its cached access token is gone)
        long environments = mapper.config().concurrency() + sandbox.function(SandboxFunction.RECONCILER).config().concurrency();
        assertThat(entraCounts().path("refusals").asLong() - refusalsBefore)
                .as("each mapper and reconciler environment sends the dead token to Entra at most once")
                .isBetween(1L, environments);

        // and the sync log and the metric an alarm watches say the same
        // (a CRM → Partner Center sync that needs no Partner Center call, e.g. after the Audit write, may log after it)
        List<SyncLogEntry> log = syncLog(referralId);
        assertThat(log).anySatisfy(entry -> {
            assertThat(entry.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(entry.message()).isEqualTo("Partner Center sign-in expired: an admin must sign in again "
                    + "(AADSTS50173: revoked)");
        });
        List<JsonNode> authFailures = metrics(mapper).stream()
                .filter(record -> record.has("AuthFailures")).toList();
        assertThat(authFailures).isNotEmpty().allSatisfy(record -> {
            assertThat(record.path("Reason").asText()).isEqualTo("REVOKED");
            assertThat(record.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                    .isEqualTo("CosellConnector");
            assertThat(record.path("Function").asText()).isEqualTo("mapper");
        });
    }

    private static String storedToken() throws IOException {
        return Files.readString(sandbox.refreshTokenFile()).strip();
    }

    private static boolean queueSettled() {
        Map<QueueAttributeName, Integer> counts = queueCounts();
        return counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 0
                && counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0;
    }

    private static Map<QueueAttributeName, Integer> queueCounts() {
        try (SqsClient sqs = AwsClients.sqs(AwsClientSettings.local(sandbox.sqs().endpoint()))) {
            return sqs.getQueueAttributes(b -> b.queueUrl(sandbox.sqs().queueUrl(Sandbox.SYNC_QUEUE)).attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> Integer.parseInt(e.getValue())));
        }
    }

    private static List<SyncLogEntry> syncLog(String referralId) {
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(AwsClientSettings.local(sandbox.dynamoDb().endpoint()))) {
            return new DynamoDbSyncStateStore(dynamoDb, Sandbox.SYNC_TABLE).recentLog(referralId, 10);
        }
    }

    /** The embedded-metric-format records the function wrote to its standard output. */
    private static List<JsonNode> metrics(LocalFunction function) {
        try (Stream<Path> logs = Files.list(function.logDirectory())) {
            return logs.flatMap(RefreshTokenE2EIT::lines)
                    .filter(line -> line.startsWith("{\"_aws\""))
                    .map(RefreshTokenE2EIT::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countOf(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static JsonNode entraCounts() {
        return entraControl("/_sandbox/refresh-tokens", null);
    }

    private static JsonNode entraControl(String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.entra().server().baseUri() + path));
        request = body == null ? request.GET()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
