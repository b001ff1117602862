package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Request-to-event and answer-to-response mapping of the local function URL, with a function stand-in. */
class FunctionUrlEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final AtomicReference<JsonNode> lastEvent = new AtomicReference<>();
    private FunctionUrlEndpoint endpoint;

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void turns_a_text_request_into_a_payload_2_0_event() throws Exception {
        // given
        endpoint = FunctionUrlEndpoint.start(0, answering("{\"statusCode\":204}"));

        // when
        HTTP.send(HttpRequest.newBuilder(endpoint.baseUri().resolve("/hooks/pc?a=1&b=x%20y&a=2"))
                .header("Content-Type", "application/json")
                .header("X-MS-Signature", "Signature abc")
                .header("Cookie", "s=1; t=2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"EventName\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());

        // then
        JsonNode event = lastEvent.get();
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("rawPath").asText()).isEqualTo("/hooks/pc");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("a=1&b=x%20y&a=2");
        assertThat(event.path("queryStringParameters").path("a").asText()).isEqualTo("1,2");
        assertThat(event.path("queryStringParameters").path("b").asText()).isEqualTo("x y");
        assertThat(event.path("headers").path("x-ms-signature").asText()).isEqualTo("Signature abc");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("s=1", "t=2");
        JsonNode http = event.path("requestContext").path("http");
        assertThat(http.path("method").asText()).isEqualTo("POST");
        assertThat(http.path("path").asText()).isEqualTo("/hooks/pc");
        assertThat(http.path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(http.path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(http.path("userAgent").asText()).startsWith("Java-http-client");
        assertThat(event.path("requestContext").path("timeEpoch").asLong()).isPositive();
        assertThat(event.path("body").asText()).isEqualTo("{\"EventName\":\"x\"}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void base64_encodes_a_binary_body() throws Exception {
        // given
        endpoint = FunctionUrlEndpoint.start(0, answering("{\"statusCode\":200}"));

        // when
        HTTP.send(HttpRequest.newBuilder(endpoint.baseUri())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{0, 1, 2})).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(lastEvent.get().path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(lastEvent.get().path("body").asText()).isEqualTo("AAEC");
    }

    @Test
    void maps_a_response_object_to_status_headers_cookies_and_decoded_body() throws Exception {
        // given
        endpoint = FunctionUrlEndpoint.start(0, answering("""
                {"statusCode":201,"headers":{"content-type":"text/plain","x-a":"b"},"cookies":["k=v"],
                 "body":"aGVsbG8=","isBase64Encoded":true}"""));

        // when
        HttpResponse<String> response = get();

        // then
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type")).contains("text/plain");
        assertThat(response.headers().firstValue("x-a")).contains("b");
        assertThat(response.headers().firstValue("set-cookie")).contains("k=v");
        assertThat(response.body()).isEqualTo("hello");
    }

    @Test
    void sends_a_bare_json_answer_as_200_application_json() throws Exception {
        // given
        endpoint = FunctionUrlEndpoint.start(0, answering("{\"status\":\"ok\"}"));

        // when
        HttpResponse<String> response = get();

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void answers_502_when_the_function_fails() throws Exception {
        // given
        endpoint = FunctionUrlEndpoint.start(0, payload -> CompletableFuture.completedFuture(Invocation.failure("id",
                new FunctionError("Sandbox.Timedout", "Task timed out", ""), Duration.ZERO)));

        // when
        HttpResponse<String> response = get();

        // then
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("{\"Message\":\"Internal Server Error\"}");
    }

    private FunctionInvoker answering(String answer) {
        return payload -> {
            try {
                lastEvent.set(JSON.readTree(payload));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return CompletableFuture.completedFuture(
                    Invocation.success("id", answer.getBytes(StandardCharsets.UTF_8), Duration.ZERO));
        };
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint.baseUri().toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
