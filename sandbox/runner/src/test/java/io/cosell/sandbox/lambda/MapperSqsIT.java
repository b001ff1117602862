package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.SandboxFunction;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.sandbox.aws.ElasticMqServer.QueueSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real mapper function.zip (Funqy handler) behind {@link SqsEventSourceMapping} on ElasticMQ: a malformed
 * message, or one the use case refuses, is reported as a batch item failure on every receive (the function never
 * fails the whole batch) and ends in the dead-letter queue after maxReceiveCount. The settings its start-up check
 * requires are placeholders: no message gets as far as Dataverse or Entra ID.
 */
class MapperSqsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static LocalFunction mapper;
    private static SqsEventSourceMapping mapping;
    private static SqsEventSourceMapping refusedMapping;
    private static final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> answers = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> refusedAnswers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        elasticMq = ElasticMqServer.start(0, List.of(new QueueSpec("sync", "sync-dlq", 2, 1),
                new QueueSpec("refused", "refused-dlq", 2, 1)));
        sqs = SqsClient.builder()
                .endpointOverride(elasticMq.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        mapper = SandboxFunction.start(SandboxFunction.MAPPER.config(FunctionZips.directory()).withEnvironment(Map.of(
                "COSELL_DATAVERSE_API_ROOT", "http://127.0.0.1:9/api/data/v9.2/",
                "COSELL_ENTRA_TENANT", "never-reached",
                "COSELL_ENTRA_CLIENT_ID", "never-reached",
                "COSELL_SYNC_QUEUE_URL", elasticMq.queueUrl("sync"))));
        FunctionInvoker recording = payload -> {
            events.add(readJson(payload));
            return mapper.invoke(payload).thenApply(invocation -> {
                answers.add(readJson(invocation.payload()));
                return invocation;
            });
        };
        mapping = SqsEventSourceMapping.start(sqs, elasticMq.queueUrl("sync"), recording,
                SqsEventSourceMapping.Settings.defaults().withWaitTime(Duration.ofSeconds(1)));
        FunctionInvoker recordingAnswers = payload -> mapper.invoke(payload).thenApply(invocation -> {
            refusedAnswers.add(invocation.succeeded() ? readJson(invocation.payload()) : JSON.createObjectNode());
            return invocation;
        });
        refusedMapping = SqsEventSourceMapping.start(sqs, elasticMq.queueUrl("refused"), recordingAnswers,
                SqsEventSourceMapping.Settings.defaults().withWaitTime(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        refusedMapping.close();
        mapping.close();
        mapper.close();
        sqs.close();
        elasticMq.close();
    }

    @Test
    void a_malformed_message_is_reported_as_failed_and_ends_in_the_dead_letter_queue() {
        // given
        String messageId = sqs.sendMessage(request -> request.queueUrl(elasticMq.queueUrl("sync")).messageBody("not json {"))
                .messageId();

        // when
        List<Message> deadLetters = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> sqs.receiveMessage(request -> request.queueUrl(elasticMq.queueUrl("sync-dlq"))).messages(),
                        messages -> !messages.isEmpty());

        // then
        assertThat(deadLetters).extracting(Message::body).containsExactly("not json {");
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.path("batchItemFailures").findValuesAsText("itemIdentifier"))
                .containsExactly(messageId));
        JsonNode record = events.getFirst().path("Records").get(0);
        assertThat(record.fieldNames()).toIterable().containsExactlyInAnyOrder("messageId", "receiptHandle", "body",
                "attributes", "messageAttributes", "md5OfBody", "eventSource", "eventSourceARN", "awsRegion");
        assertThat(record.path("messageId").asText()).isEqualTo(messageId);
        assertThat(record.path("body").asText()).isEqualTo("not json {");
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(record.path("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:sync");
        assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(record.path("md5OfBody").asText()).hasSize(32);
        assertThat(record.path("attributes").path("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(record.path("attributes").has("SentTimestamp")).isTrue();
        assertThat(events.get(1).path("Records").get(0).path("attributes").path("ApproximateReceiveCount").asText())
                .isEqualTo("2");
    }

    @Test
    void a_json_message_the_use_case_refuses_is_reported_as_failed_and_ends_in_the_dead_letter_queue() {
        // given
        String messageId = sqs.sendMessage(request -> request.queueUrl(elasticMq.queueUrl("refused"))
                .messageBody("{\"direction\":\"sideways\"}")).messageId();

        // when
        List<Message> deadLetters = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> sqs.receiveMessage(request -> request.queueUrl(elasticMq.queueUrl("refused-dlq"))).messages(),
                        messages -> !messages.isEmpty());

        // then
        assertThat(deadLetters).extracting(Message::messageId).containsExactly(messageId);
        assertThat(refusedAnswers).hasSizeGreaterThanOrEqualTo(2).allSatisfy(answer ->
                assertThat(answer.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly(messageId));
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
