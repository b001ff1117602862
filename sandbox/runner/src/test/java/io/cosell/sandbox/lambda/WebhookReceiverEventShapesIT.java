package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.SandboxFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request shape in {@code functions/webhook-receiver/src/test/resources/events/} through the real
 * webhook-receiver function.zip under the runtime client, against the sandbox's Partner Center emulator, DynamoDB
 * Local and ElasticMQ: Function URL requests (payload format 2.0) with no body, with a base64 body, with header names
 * in mixed case, unsigned, signed by the emulator, and a direct invoke with an empty object. A fixture may hold the
 * placeholders {@code ${signature}} and {@code ${certificate-url}}: the test signs the fixture's (decoded) body
 * with the emulator's webhook key, as Partner Center would. Every shape gets the documented HTTP answer; none fails
 * the invocation or restarts the execution environment.
 */
class WebhookReceiverEventShapesIT {

    private static final String FUNCTION = "webhook-receiver";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The answer's status code, status, and the start of its reason (null: no reason). */
    private record Expected(int statusCode, String status, String reason) {
    }

    private static final String UNSIGNED = "missing signature: expected header 'Authorization: Signature <base64>' "
            + "or 'x-ms-signature'";
    private static final String MICROSOFT_HOST_OUTSIDE_THE_SANDBOX = "the certificate URL host "
            + "3psostorageacct.blob.core.windows.net is not allow-listed";

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            entry("aws-function-url-v2.json", new Expected(401, "rejected", UNSIGNED)),
            entry("direct-invoke-empty.json", new Expected(401, "rejected", UNSIGNED)),
            entry("function-url-get-no-body.json", new Expected(401, "rejected", UNSIGNED)),
            entry("function-url-referral-updated.json",
                    new Expected(401, "rejected", MICROSOFT_HOST_OUTSIDE_THE_SANDBOX)),
            entry("function-url-test-created.json", new Expected(401, "rejected", MICROSOFT_HOST_OUTSIDE_THE_SANDBOX)),
            entry("function-url-base64-invalid.json",
                    new Expected(400, "rejected", "body is marked base64 but is not valid base64")),
            entry("function-url-signed-no-body.json",
                    new Expected(400, "rejected", "EventName and ResourceUri are required")),
            entry("function-url-signed-base64-body.json", new Expected(202, "accepted", null)),
            entry("function-url-signed-mixed-case-headers.json", new Expected(202, "accepted", null)),
            entry("function-url-signed-test-created.json", new Expected(200, "ignored", null)));

    private static FunctionBackends backends;
    private static LocalFunction receiver;

    @BeforeAll
    static void start() {
        backends = FunctionBackends.start();
        receiver = SandboxFunction.start(SandboxFunction.WEBHOOK_RECEIVER.config(FunctionZips.directory())
                .withEnvironment(backends.environment()));
    }

    @AfterAll
    static void stop() {
        receiver.close();
        backends.close();
    }

    static List<String> fixtures() {
        return EventFixtures.names(FUNCTION);
    }

    @Test
    void every_fixture_has_an_expected_answer() {
        assertThat(fixtures()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void each_request_shape_gets_its_documented_answer(String fixture) throws Exception {
        // given
        Expected expected = EXPECTED.get(fixture);
        byte[] event = signed(EventFixtures.read(FUNCTION, fixture));

        // when
        Invocation invocation = receiver.invoke(event).join();

        // then
        assertThat(invocation.functionError()).as("function error").isEmpty();
        JsonNode response = JSON.readTree(invocation.payload());
        assertThat(response.path("statusCode").asInt()).as("response " + response).isEqualTo(expected.statusCode());
        JsonNode body = JSON.readTree(response.path("body").asText());
        assertThat(body.path("status").asText()).isEqualTo(expected.status());
        if (expected.reason() == null) {
            assertThat(body.has("reason")).as("reason in " + body).isFalse();
        } else {
            assertThat(body.path("reason").asText()).startsWith(expected.reason());
        }
        assertThat(receiver.coldStarts()).as("execution environment restarts").hasSize(1);
    }

    /** The fixture with its placeholders filled: the emulator's signature over the decoded body, its certificate. */
    private static byte[] signed(String fixture) throws Exception {
        if (!fixture.contains("${signature}")) {
            return fixture.getBytes(StandardCharsets.UTF_8);
        }
        JsonNode request = JSON.readTree(fixture);
        String text = request.path("body").asText("");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (request.path("isBase64Encoded").asBoolean()) {
            try {
                body = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                // signed as sent: the receiver refuses the body before it looks at the signature
            }
        }
        return fixture.replace("${signature}", backends.partnerCenter().signWebhookBody(body))
                .replace("${certificate-url}", backends.partnerCenter().webhookCertificateUrl().toString())
                .getBytes(StandardCharsets.UTF_8);
    }
}
