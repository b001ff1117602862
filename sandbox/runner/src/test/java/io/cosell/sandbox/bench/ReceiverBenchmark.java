package io.cosell.sandbox.bench;

import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxFunction;
import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.sandbox.lambda.FunctionInvoker;
import io.cosell.sandbox.lambda.FunctionUrlEndpoint;
import io.cosell.sandbox.lambda.FunctionZips;
import io.cosell.sandbox.lambda.Invocation;
import io.cosell.sandbox.lambda.LocalFunction;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the real webhook-receiver function.zip handles signed referral events, warm: under the real AWS Lambda
 * runtime interface client ({@link LocalFunction}) behind a local function URL, with the sandbox's receiver
 * configuration, DynamoDB Local (dedupe) and ElasticMQ (sync queue); bodies signed by the Partner Center emulator,
 * which also serves the certificate. Prints p50/p99/max of the function's own handling time
 * ({@link Invocation#duration()}) and of the HTTP round trip; the target is p99 &lt; 50 ms. Not a timed test: it
 * asserts only that every event was accepted and queued. Excluded from the default build; run it with
 * {@code bin/benchmarks Receiver}.
 */
class ReceiverBenchmark {

    private static final int WARM_UP = 200;
    private static final int MEASURED = 1000;
    private static final String TABLE = "cosell-sync";
    private static final String QUEUE = "cosell-sync";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<Duration> handling = new CopyOnWriteArrayList<>();

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static DynamoDbLocalServer dynamoDb;
    private static ElasticMqServer elasticMq;
    private static LocalFunction receiver;
    private static FunctionUrlEndpoint url;

    @BeforeAll
    static void start() throws Exception {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        dynamoDb = DynamoDbLocalServer.start(0);
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, QUEUE + "-dlq", 5, 30)));
        try (DynamoDbClient client = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()))) {
            SyncStateTable.createIfMissing(client, TABLE);
        }
        receiver = SandboxFunction.start(SandboxFunction.WEBHOOK_RECEIVER.config(FunctionZips.directory())
                .withEnvironment(receiverEnvironment()));
        FunctionInvoker recording = payload -> receiver.invoke(payload)
                .thenApply(invocation -> {
                    handling.add(invocation.duration());
                    return invocation;
                });
        url = FunctionUrlEndpoint.start(0, recording);
        assertThat(receiver.awaitInitialised(Duration.ofSeconds(60))).as("the receiver started").isTrue();
    }

    /** The sandbox's receiver configuration. */
    private static Map<String, String> receiverEnvironment() {
        return Map.of(
                "COSELL_AWS_ENDPOINT_DYNAMODB", dynamoDb.endpoint().toString(),
                "COSELL_AWS_ENDPOINT_SQS", elasticMq.endpoint().toString(),
                "COSELL_SYNC_TABLE", TABLE,
                "COSELL_SYNC_QUEUE_URL", elasticMq.queueUrl(QUEUE),
                "COSELL_WEBHOOK_RECEIVER_HTTP_CERTIFICATE_HOSTS", partnerCenter.baseUri().getHost(),
                "COSELL_WEBHOOK_RECEIVER_CERTIFICATE_PATH_PREFIX", PartnerCenterEmulator.certificatePathPrefix(),
                "COSELL_WEBHOOK_RECEIVER_TRUST_ANCHORS", Sandbox.pem(partnerCenter.signingCaCertificate()),
                "COSELL_WEBHOOK_RECEIVER_REQUIRED_ISSUER_ORGANIZATION", "Co-sell Sandbox");
    }

    @AfterAll
    static void stop() {
        url.close();
        receiver.close();
        elasticMq.close();
        dynamoDb.close();
        partnerCenter.close();
        entra.close();
    }

    @Test
    void signed_referral_events_warm() throws Exception {
        // given: distinct changes, signed as Partner Center signs them
        List<HttpRequest> warmUp = signedEvents(WARM_UP);
        List<HttpRequest> measured = signedEvents(MEASURED);
        long firstAnswerStart = System.nanoTime();
        assertThat(send(warmUp.getFirst()).statusCode()).isEqualTo(202);
        Duration firstAnswer = Duration.ofNanos(System.nanoTime() - firstAnswerStart);
        for (HttpRequest event : warmUp.subList(1, warmUp.size())) {
            assertThat(send(event).statusCode()).isEqualTo(202);
        }
        handling.clear();

        // when
        List<Duration> roundTrips = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (HttpRequest event : measured) {
            long start = System.nanoTime();
            statuses.add(send(event).statusCode());
            roundTrips.add(Duration.ofNanos(System.nanoTime() - start));
        }

        // then
        assertThat(statuses).containsOnly(202);
        assertThat(queuedMessages()).isEqualTo(WARM_UP + MEASURED);
        System.out.printf("[receiver benchmark] %d signed referral events after %d warm-up; cold start (JVM start to"
                        + " first /next) %d ms, first signed event %d ms%n  function handling: %s%n"
                        + "  HTTP round trip:   %s%n",
                MEASURED, WARM_UP, receiver.coldStarts().getFirst().toMillis(), firstAnswer.toMillis(),
                percentiles(handling), percentiles(roundTrips));
    }

    private static List<HttpRequest> signedEvents(int count) {
        List<HttpRequest> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"EventName\":\"referral-updated\",\"ResourceUri\":\"" + partnerCenter.baseUri()
                    + "/engagements/v1/referrals/" + UUID.randomUUID() + "\",\"ResourceName\":\"referral\","
                    + "\"AuditUri\":null,\"ResourceChangeUtcDate\":\"" + Instant.now() + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            events.add(HttpRequest.newBuilder(url.baseUri())
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("x-ms-signature", "Signature " + partnerCenter.signWebhookBody(bytes))
                    .header("x-ms-certificate-url", partnerCenter.webhookCertificateUrl().toString())
                    .header("x-ms-signature-algorithm", "rsa-sha256")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build());
        }
        return events;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int queuedMessages() {
        try (SqsClient sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()))) {
            return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(elasticMq.queueUrl(QUEUE))
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        }
    }

    private static String percentiles(List<Duration> durations) {
        List<Duration> sorted = new ArrayList<>(durations);
        sorted.sort(null);
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)",
                millis(sorted.get(sorted.size() / 2)), millis(sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1)),
                millis(sorted.getLast()), sorted.size());
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
