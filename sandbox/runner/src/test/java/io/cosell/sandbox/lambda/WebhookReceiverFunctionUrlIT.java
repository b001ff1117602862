package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.SandboxFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real webhook-receiver function.zip, run by the real AWS Lambda runtime interface client behind a local
 * function URL, with only the queue URL its start-up check requires (a placeholder: nothing reaches it): unsigned
 * requests are refused before anything else is touched. Prints (does
 * not assert) its cold start and warm latency for such refusals; {@code ReceiverBenchmark} measures signed events.
 */
class WebhookReceiverFunctionUrlIT {

    private static final String REFERRAL_UPDATED = """
            {"EventName":"referral-updated","ResourceUri":"https://api.partnercenter.microsoft.com/engagements/v1/referrals/6a0b3e2f","ResourceName":"referral","AuditUri":null,"ResourceChangeUtcDate":"2018-02-17T00:05:39.5485487+00:00"}""";
    private static final String TEST_CREATED = """
            {"EventName":"test-created","ResourceUri":"https://api.partnercenter.microsoft.com/webhooks/v1/registration/validationEvents/c0bfd694","ResourceName":"test","AuditUri":null,"ResourceChangeUtcDate":"2017-11-16T16:19:06.3520276+00:00"}""";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalFunction receiver;
    private static FunctionUrlEndpoint url;
    private static long startNanos;

    @BeforeAll
    static void startReceiver() {
        startNanos = System.nanoTime();
        receiver = SandboxFunction.start(SandboxFunction.WEBHOOK_RECEIVER.config(FunctionZips.directory())
                .withEnvironment(Map.of("COSELL_SYNC_QUEUE_URL", "http://127.0.0.1:9/queue/never-reached")));
        url = FunctionUrlEndpoint.start(0, receiver);
    }

    @AfterAll
    static void stopReceiver() {
        url.close();
        receiver.close();
    }

    @Test
    void unsigned_delivery_gets_401_with_a_reason() throws Exception {
        // when
        HttpResponse<String> response = post(REFERRAL_UPDATED);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).startsWith("{\"status\":\"rejected\",\"reason\":\"missing signature");
    }

    @Test
    void unsigned_malformed_json_gets_401_because_the_signature_is_checked_first() throws Exception {
        // when
        HttpResponse<String> response = post("{\"EventName\": ");

        // then
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void an_oversize_body_gets_413() throws Exception {
        // when
        HttpResponse<String> response = post("{\"EventName\":\"referral-updated\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void prints_cold_start_and_warm_latency() throws Exception {
        // given: the first answer after starting the JVM is the cold start as a caller sees it
        HttpResponse<String> first = post(TEST_CREATED);
        Duration firstAnswer = Duration.ofNanos(System.nanoTime() - startNanos);

        // when
        List<Long> warmMicros = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            post(TEST_CREATED);
            warmMicros.add((System.nanoTime() - start) / 1000);
        }
        warmMicros.sort(null);
        byte[] directEvent = ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/\",\"headers\":{},"
                + "\"body\":" + new ObjectMapper().writeValueAsString(TEST_CREATED) + ",\"isBase64Encoded\":false}")
                .getBytes(StandardCharsets.UTF_8);
        List<Long> directMicros = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            directMicros.add(receiver.invoke(directEvent).join().duration().toNanos() / 1000);
        }
        directMicros.sort(null);

        // then
        assertThat(first.statusCode()).isEqualTo(401);
        System.out.printf("[webhook-receiver] init (JVM start to first /next): %d ms; first answer after start: %d ms;"
                        + " warm round trip via function URL p50: %.2f ms, p99: %.2f ms (n=%d);"
                + " warm invoke (queued to answered) p50: %.2f ms%n",
                receiver.coldStarts().getFirst().toMillis(), firstAnswer.toMillis(),
                warmMicros.get(warmMicros.size() / 2) / 1000.0, warmMicros.get(warmMicros.size() * 99 / 100) / 1000.0,
                warmMicros.size(), directMicros.get(directMicros.size() / 2) / 1000.0);
    }

    private static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url.baseUri().toString()))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
