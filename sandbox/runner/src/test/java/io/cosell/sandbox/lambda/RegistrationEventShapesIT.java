package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cosell.sandbox.SandboxFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every direct-invocation shape in {@code functions/registration/src/test/resources/events/} through the real
 * registration function.zip under the runtime client, against the Partner Center emulator: {@code register} and
 * {@code show} answer a report; Terraform's {@code aws_lambda_invocation} CRUD payloads register on create and update
 * and leave the registration on delete; CloudFormation custom resource requests are answered by a PUT to their
 * {@code ResponseURL} (here a local server): Create and Update register, then fail with a reason an admin can act on
 * because the fixtures' Function URLs cannot answer Partner Center's validation event, and Delete is always SUCCESS;
 * a missing or unknown
 * field fails the invocation with a message naming what was expected (Lambda does not retry a direct invoke), and
 * the execution environment keeps running.
 */
class RegistrationEventShapesIT {

    private static final String FUNCTION = "registration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION_URL = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/";
    private static final String OTHER_URL = "https://zyxwvutsrqponmlkjihgfedcba543210.lambda-url.eu-west-1.on.aws/";

    /** A report (registered, url), the CloudFormation answer's status, or the error message the caller sees. */
    private record Expected(boolean registered, String url, String cloudFormationStatus, String error) {

        static Expected cloudFormation(String status, String reason) {
            return new Expected(false, null, status, reason);
        }

        static Expected report(boolean registered, String url) {
            return new Expected(registered, url, null, null);
        }

        static Expected cloudFormation(String status) {
            return new Expected(false, null, status, null);
        }

        static Expected error(String message) {
            return new Expected(false, null, null, message);
        }
    }

    private static final String ACTION_MISSING = "\"action\" is missing: it must be \"register\" or \"show\"";

    private static final String VALIDATION_FAILED = "The webhook receiver must answer Partner Center's signed "
            + "test-created event with 200";

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry("cloudformation-create.json", Expected.cloudFormation("FAILED", VALIDATION_FAILED)),
            Map.entry("cloudformation-update.json", Expected.cloudFormation("FAILED", VALIDATION_FAILED)),
            Map.entry("cloudformation-delete.json", Expected.cloudFormation("SUCCESS")),
            Map.entry("terraform-create.json", Expected.error(VALIDATION_FAILED)),
            Map.entry("terraform-update.json", Expected.error(VALIDATION_FAILED)),
            Map.entry("terraform-delete.json", Expected.report(false, OTHER_URL)),
            Map.entry("invoke-register.json", Expected.report(true, FUNCTION_URL)),
            Map.entry("invoke-show.json", Expected.report(true, null)),
            Map.entry("invoke-empty.json", Expected.error(ACTION_MISSING)),
            Map.entry("invoke-url-without-action.json", Expected.error(ACTION_MISSING)),
            Map.entry("invoke-register-without-url.json", Expected.error("action \"register\" needs a \"url\"")),
            Map.entry("invoke-register-relative-url.json", Expected.error(
                    "\"url\" must be an absolute http(s) URL (the webhook receiver's Function URL), was: /webhook")),
            Map.entry("invoke-unknown-action.json",
                    Expected.error("\"action\" must be \"register\" or \"show\", was: unregister")));

    private static FunctionBackends backends;
    private static LocalFunction registration;
    private static HttpServer responseUrl;
    private static final BlockingQueue<JsonNode> CLOUDFORMATION_ANSWERS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        responseUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responseUrl.createContext("/", exchange -> {
            CLOUDFORMATION_ANSWERS.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        responseUrl.start();
        backends = FunctionBackends.start();
        registration = SandboxFunction.start(SandboxFunction.REGISTRATION.config(FunctionZips.directory())
                .withEnvironment(backends.environment()));
        // show answers the registration made by the register fixtures, whatever the order
        registration.invoke(EventFixtures.read(FUNCTION, "invoke-register.json").getBytes(StandardCharsets.UTF_8))
                .join();
    }

    @AfterAll
    static void stop() {
        registration.close();
        backends.close();
        responseUrl.stop(0);
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
    void each_invocation_shape_answers_a_report_or_a_clear_error(String fixture) throws Exception {
        // given
        Expected expected = EXPECTED.get(fixture);
        byte[] event = EventFixtures.read(FUNCTION, fixture).replace("{{ResponseURL}}",
                "http://127.0.0.1:" + responseUrl.getAddress().getPort() + "/answer").getBytes(StandardCharsets.UTF_8);
        CLOUDFORMATION_ANSWERS.clear();

        // when
        Invocation invocation = registration.invoke(event).join();

        // then
        if (expected.cloudFormationStatus() != null) {
            assertThat(invocation.functionError()).as("function error").isEmpty();
            JsonNode answer = CLOUDFORMATION_ANSWERS.poll(30, TimeUnit.SECONDS);
            assertThat(answer).as("the PUT to ResponseURL").isNotNull();
            assertThat(answer.path("Status").asText()).as(answer.toString()).isEqualTo(expected.cloudFormationStatus());
            assertThat(answer.path("PhysicalResourceId").asText()).isNotBlank();
            if (expected.error() != null) {
                assertThat(answer.path("Reason").asText()).contains(expected.error());
            }
        } else if (expected.error() == null) {
            assertThat(invocation.functionError()).as("function error").isEmpty();
            JsonNode report = JSON.readTree(invocation.payload());
            assertThat(report.path("registered").asBoolean()).as(report.toString()).isEqualTo(expected.registered());
            if (expected.url() != null) {
                assertThat(report.path("webhookUrl").asText()).isEqualTo(expected.url());
            }
        } else {
            assertThat(invocation.functionError()).as("function error").isPresent();
            assertThat(invocation.error().errorMessage()).contains(expected.error());
        }
        assertThat(registration.coldStarts()).as("execution environment restarts").hasSize(1);
    }
}
