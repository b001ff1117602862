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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SQS batch shape in {@code functions/mapper/src/test/resources/events/} through the real mapper function.zip
 * under the runtime client: bodies that are not the connector's messages (text, another service's JSON, an SNS
 * envelope, an S3 test event, an array, an empty body, an incomplete sync message) come back as batch item failures,
 * so the queue redelivers only them and dead-letters them after maxReceiveCount; the invocation itself never fails
 * (that would return the whole batch) and the execution environment keeps running. An empty batch answers no
 * failures. No record reaches Dataverse: the start-up check's settings are placeholders.
 */
class MapperEventShapesIT {

    private static final String FUNCTION = "mapper";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The fixtures whose every record is reported as failed (not a connector message, or a sync message that cannot
     * reach Dataverse here); the others report none.
     */
    private static final Map<String, Boolean> EVERY_RECORD_FAILS = Map.of(
            "aws-sqs-batch.json", true,
            "sqs-batch.json", true,
            "sqs-batch-three-lanes.json", true,
            "sqs-batch-foreign-bodies.json", true,
            "sqs-batch-empty.json", false);

    private static LocalFunction mapper;

    @BeforeAll
    static void start() {
        mapper = SandboxFunction.start(SandboxFunction.MAPPER.config(FunctionZips.directory()).withEnvironment(Map.of(
                "COSELL_DATAVERSE_API_ROOT", "http://127.0.0.1:9/api/data/v9.2/",
                "COSELL_ENTRA_TENANT", "never-reached",
                "COSELL_ENTRA_CLIENT_ID", "never-reached",
                // required since the mapper parks messages while the Partner Center sign-in is dead
                "COSELL_SYNC_QUEUE_URL", "http://127.0.0.1:9/000000000000/never-reached")));
    }

    @AfterAll
    static void stop() {
        mapper.close();
    }

    static List<String> fixtures() {
        return EventFixtures.names(FUNCTION);
    }

    @Test
    void every_fixture_has_an_expected_answer() {
        assertThat(fixtures()).containsExactlyInAnyOrderElementsOf(EVERY_RECORD_FAILS.keySet());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void each_batch_shape_reports_the_records_that_are_not_connector_messages(String fixture) throws Exception {
        // given
        String batch = EventFixtures.read(FUNCTION, fixture);
        List<String> messageIds = new ArrayList<>();
        JSON.readTree(batch).path("Records").forEach(record -> messageIds.add(record.path("messageId").asText()));

        // when
        Invocation invocation = mapper.invoke(batch.getBytes(StandardCharsets.UTF_8)).join();

        // then
        assertThat(invocation.functionError()).as("function error").isEmpty();
        JsonNode answer = JSON.readTree(invocation.payload());
        assertThat(answer.has("batchItemFailures")).as("answer " + answer).isTrue();
        List<String> failed = answer.path("batchItemFailures").findValuesAsText("itemIdentifier");
        assertThat(failed).containsExactlyInAnyOrderElementsOf(EVERY_RECORD_FAILS.get(fixture) ? messageIds : List.of());
        assertThat(mapper.coldStarts()).as("execution environment restarts").hasSize(1);
    }
}
