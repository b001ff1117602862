package io.cosell.shared.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.vocabulary.SyncDirection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each metric is one line of CloudWatch embedded metric format, as AWS specifies it. */
class MetricsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics(new EmfWriter(new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC), TestJson.MAPPER), "cosell-mapper");

    @Test
    void a_sync_is_one_emf_record_with_its_count_latency_and_dimensions() throws Exception {
        // when
        metrics.sync(SyncDirection.CRM_TO_PC, "UPDATED", Duration.ofMillis(85));

        // then
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode record = TestJson.MAPPER.readTree(lines.getFirst());
        JsonNode directive = record.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(record.path("_aws").path("Timestamp").asLong()).isEqualTo(Instant.parse("2026-12-01T03:00:00Z").toEpochMilli());
        assertThat(directive.path("Namespace").asText()).isEqualTo("CosellConnector");
        assertThat(directive.path("Dimensions").get(0).toString()).isEqualTo("[\"Function\"]");
        assertThat(directive.path("Dimensions").get(1).toString())
                .contains("\"Function\"", "\"Direction\"", "\"Outcome\"");
        assertThat(directive.path("Metrics").toString()).isEqualTo(
                "[{\"Name\":\"Syncs\",\"Unit\":\"Count\"},{\"Name\":\"SyncLatency\",\"Unit\":\"Milliseconds\"}]");
        assertThat(record.path("Function").asText()).isEqualTo("cosell-mapper");
        assertThat(record.path("Direction").asText()).isEqualTo("CRM_TO_PC");
        assertThat(record.path("Outcome").asText()).isEqualTo("UPDATED");
        assertThat(record.path("Syncs").asDouble()).isEqualTo(1.0);
        assertThat(record.path("SyncLatency").asDouble()).isEqualTo(85.0);
    }

    @Test
    void auth_failures_retries_throttles_and_dead_letters_each_have_their_metric() throws Exception {
        // when
        metrics.authFailure("REVOKED");
        metrics.retry("Dataverse");
        metrics.throttle("Dataverse");
        metrics.deadLetter(SyncDirection.PC_TO_CRM);

        // then
        List<JsonNode> records = out.toString(StandardCharsets.UTF_8).lines().map(MetricsTest::read).toList();
        assertThat(records).extracting(r -> r.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0)
                .path("Name").asText()).containsExactly("AuthFailures", "Retries", "Throttles", "DeadLetters");
        assertThat(records.getFirst().path("Reason").asText()).isEqualTo("REVOKED");
        assertThat(records.getFirst().path("AuthFailures").asDouble()).isEqualTo(1.0);
        assertThat(records.get(1).path("Api").asText()).isEqualTo("Dataverse");
    }

    private static JsonNode read(String line) {
        try {
            return TestJson.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
