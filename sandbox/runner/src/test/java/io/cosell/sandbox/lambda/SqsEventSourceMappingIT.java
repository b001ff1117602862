package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Which messages the event source mapping deletes, against ElasticMQ, with a function stand-in. */
class SqsEventSourceMappingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMqServer.start(0, List.of(
                new QueueSpec("partial", "partial-dlq", 5, 1),
                new QueueSpec("erroring", "erroring-dlq", 5, 1),
                new QueueSpec("busy", "busy-dlq", 5, 30)));
        sqs = SqsClient.builder()
                .endpointOverride(elasticMq.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    @Test
    void deletes_the_records_not_listed_as_failures_and_redelivers_the_failed_one() {
        // given: a function that fails the record whose body is "bad"
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        FunctionInvoker function = payload -> {
            List<String> bodies = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (JsonNode record : readJson(payload).path("Records")) {
                bodies.add(record.path("body").asText());
                if (record.path("body").asText().equals("bad")) {
                    failed.add("{\"itemIdentifier\":\"" + record.path("messageId").asText() + "\"}");
                }
            }
            batches.add(bodies);
            return answer("{\"batchItemFailures\":[" + String.join(",", failed) + "]}");
        };
        send("partial", "good");
        send("partial", "bad");

        // when
        try (SqsEventSourceMapping ignored = SqsEventSourceMapping.start(sqs, elasticMq.queueUrl("partial"), function,
                SqsEventSourceMapping.Settings.defaults().withWaitTime(Duration.ofSeconds(1)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> batches.stream().filter(batch -> batch.contains("bad")).count() >= 2);
        }

        // then: "good" was delivered once (deleted after the first batch), "bad" again and again
        assertThat(batches.stream().flatMap(List::stream).filter("good"::equals)).hasSize(1);
    }

    @Test
    void deletes_nothing_when_the_function_errors() {
        // given
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        FunctionInvoker function = payload -> {
            List<String> bodies = new ArrayList<>();
            readJson(payload).path("Records").forEach(record -> bodies.add(record.path("body").asText()));
            batches.add(bodies);
            return CompletableFuture.completedFuture(Invocation.failure("id",
                    new FunctionError("java.lang.IllegalStateException", "boom", ""), Duration.ZERO));
        };
        send("erroring", "first");
        send("erroring", "second");

        // when
        try (SqsEventSourceMapping ignored = SqsEventSourceMapping.start(sqs, elasticMq.queueUrl("erroring"), function,
                SqsEventSourceMapping.Settings.defaults().withWaitTime(Duration.ofSeconds(1)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> countOf(batches, "first") >= 2 && countOf(batches, "second") >= 2);
        }

        // then
        assertThat(countOf(batches, "first")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void invokes_the_function_with_up_to_its_maximum_concurrency_at_once_and_never_more() {
        // given: a function whose invocations stay in flight until two are in flight together
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CompletableFuture<Void> twoAtOnce = new CompletableFuture<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        FunctionInvoker function = payload -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            if (now == 2) {
                twoAtOnce.complete(null);
            }
            readJson(payload).path("Records").forEach(record -> delivered.add(record.path("body").asText()));
            return twoAtOnce.thenApply(released -> {
                inFlight.decrementAndGet();
                return Invocation.success("id", new byte[0], Duration.ZERO);
            });
        };
        for (int i = 0; i < 6; i++) {
            send("busy", "message " + i);
        }

        // when: batches of one, at most two invocations at once
        try (SqsEventSourceMapping ignored = SqsEventSourceMapping.start(sqs, elasticMq.queueUrl("busy"), function,
                SqsEventSourceMapping.Settings.defaults().withWaitTime(Duration.ofSeconds(1)).withBatchSize(1)
                        .withMaximumConcurrency(2))) {
            twoAtOnce.orTimeout(30, TimeUnit.SECONDS).join();
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() >= 6);
        }

        // then
        assertThat(delivered).hasSize(6);
        assertThat(mostInFlight).hasValue(2);
    }

    private static long countOf(List<List<String>> batches, String body) {
        return batches.stream().flatMap(List::stream).filter(body::equals).count();
    }

    private static void send(String queue, String body) {
        sqs.sendMessage(request -> request.queueUrl(elasticMq.queueUrl(queue)).messageBody(body));
    }

    private static CompletableFuture<Invocation> answer(String json) {
        return CompletableFuture.completedFuture(
                Invocation.success("id", json.getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
