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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every direct-invocation shape in {@code functions/registration/src/test/resources/events/} through the real
 * registration function.zip under the runtime client, against the Partner Center emulator: {@code register} and
 * {@code show} (also as Terraform's {@code aws_lambda_invocation} sends them) answer a report; a missing or unknown
 * field fails the invocation with a message naming what was expected (Lambda does not retry a direct invoke), and
 * the execution environment keeps running.
 */
class RegistrationEventShapesIT {

    private static final String FUNCTION = "registration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION_URL = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/";

    /** A report (registered, url) or the error message the caller sees. */
    private record Expected(boolean registered, String url, String error) {

        static Expected report(boolean registered, String url) {
            return new Expected(registered, url, null);
        }

        static Expected error(String message) {
            return new Expected(false, null, message);
        }
    }

    private static final Map<String, Expected> EXPECTED = Map.of(
            "invoke-register.json", Expected.report(true, FUNCTION_URL),
            "terraform-invocation-create.json", Expected.report(true, FUNCTION_URL),
            "invoke-show.json", Expected.report(true, FUNCTION_URL),
            "invoke-empty.json", Expected.error("\"action\" is missing: it must be \"register\" or \"show\""),
            "invoke-url-without-action.json",
            Expected.error("\"action\" is missing: it must be \"register\" or \"show\""),
            "invoke-register-without-url.json", Expected.error("action \"register\" needs a \"url\""),
            "invoke-register-relative-url.json", Expected.error("\"url\" must be an absolute http(s) URL (the "
                    + "webhook receiver's Function URL), was: /webhook"),
            "invoke-unknown-action.json",
            Expected.error("\"action\" must be \"register\" or \"show\", was: unregister"));

    private static FunctionBackends backends;
    private static LocalFunction registration;

    @BeforeAll
    static void start() {
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
        byte[] event = EventFixtures.read(FUNCTION, fixture).getBytes(StandardCharsets.UTF_8);

        // when
        Invocation invocation = registration.invoke(event).join();

        // then
        if (expected.error() == null) {
            assertThat(invocation.functionError()).as("function error").isEmpty();
            JsonNode report = JSON.readTree(invocation.payload());
            assertThat(report.path("registered").asBoolean()).as(report.toString()).isEqualTo(expected.registered());
            assertThat(report.path("webhookUrl").asText()).isEqualTo(expected.url());
        } else {
            assertThat(invocation.functionError()).as("function error").isPresent();
            assertThat(invocation.error().errorMessage()).endsWith(expected.error());
        }
        assertThat(registration.coldStarts()).as("execution environment restarts").hasSize(1);
    }
}
