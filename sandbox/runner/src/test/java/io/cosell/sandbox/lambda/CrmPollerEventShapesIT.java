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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every schedule shape in {@code functions/crm-poller/src/test/resources/events/} through the real crm-poller
 * function.zip under the runtime client, against the sandbox's emulators: an EventBridge rule's Scheduled Event,
 * EventBridge Scheduler's default event, and the explicit Inputs a Scheduler target may carry (empty, other fields,
 * context attributes, a JSON string, a time that is not an instant). Each one runs a poll and answers its result;
 * none fails the invocation or restarts the execution environment.
 */
class CrmPollerEventShapesIT {

    private static final String FUNCTION = "crm-poller";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every fixture: all of them are a tick of the schedule. */
    private static final Set<String> POLLS = Set.of("aws-scheduled-event.json", "scheduler-default-event.json",
            "scheduler-input-context-attributes.json", "scheduler-input-empty.json", "scheduler-input-source.json",
            "scheduler-input-text.json", "scheduler-input-time-not-an-instant.json");

    private static FunctionBackends backends;
    private static LocalFunction poller;

    @BeforeAll
    static void start() {
        backends = FunctionBackends.start();
        poller = SandboxFunction.start(SandboxFunction.CRM_POLLER.config(FunctionZips.directory())
                .withEnvironment(backends.environment()));
    }

    @AfterAll
    static void stop() {
        poller.close();
        backends.close();
    }

    static List<String> fixtures() {
        return EventFixtures.names(FUNCTION);
    }

    @Test
    void every_fixture_has_an_expected_answer() {
        assertThat(fixtures()).containsExactlyInAnyOrderElementsOf(POLLS);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void each_schedule_shape_runs_a_poll_and_answers_its_result(String fixture) throws Exception {
        // given
        byte[] event = EventFixtures.read(FUNCTION, fixture).getBytes(StandardCharsets.UTF_8);

        // when
        Invocation invocation = poller.invoke(event).join();

        // then
        assertThat(invocation.functionError()).as("function error").isEmpty();
        JsonNode result = JSON.readTree(invocation.payload());
        assertThat(result.path("changes").isInt()).as("changes in " + result).isTrue();
        assertThat(result.path("message").asText()).isNotBlank();
        assertThat(poller.coldStarts()).as("execution environment restarts").hasSize(1);
    }
}
