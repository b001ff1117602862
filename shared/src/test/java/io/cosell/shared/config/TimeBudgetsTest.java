package io.cosell.shared.config;

import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.queue.RetryBackoff;
import io.cosell.shared.state.RenewedLeaseStore;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimeBudgetsTest {

    private static final Path RELIABILITY_DOC = Path.of("..", "docs", "reliability.md");

    @Test
    void the_deployment_values_keep_every_rule() {
        // given
        TimeBudgets deployment = TimeBudgets.DEPLOYMENT;

        // when
        var problems = deployment.problems();

        // then
        assertThat(problems).isEmpty();
        assertThat(deployment.recordDeadline()).isEqualTo(Duration.ofSeconds(6));
        assertThat(deployment.timeBeforeDeadLetter()).isEqualTo(Duration.ofMinutes(22));
    }

    @Test
    void values_that_dead_letter_healthy_messages_are_named() {
        // given the sandbox's short visibility and backoff, and the old fixed two-minute lease
        TimeBudgets shortVisibility = new TimeBudgets(Duration.ofSeconds(60), 10, Duration.ofSeconds(30), 5,
                new RetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(30)), Duration.ofMinutes(2),
                Duration.ofSeconds(30));

        // when
        var problems = shortVisibility.problems();

        // then
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("below 6 × the mapper timeout");
        assertThat(problems.get(1)).contains("outlasts the visibility timeout");
        assertThat(problems.get(2)).contains("lease contention can cost more than two receives");
    }

    @Test
    void the_code_defaults_are_the_documented_values() throws IOException, NoSuchMethodException {
        // given
        Map<String, String> documented = table(Files.readString(RELIABILITY_DOC));

        // when
        TimeBudgets deployment = TimeBudgets.DEPLOYMENT;

        // then
        assertThat(documented).containsEntry("mapper timeout", seconds(deployment.mapperTimeout()))
                .containsEntry("batch size", Integer.toString(deployment.batchSize()))
                .containsEntry("record deadline", seconds(deployment.recordDeadline()))
                .containsEntry("visibility timeout", seconds(deployment.visibilityTimeout()))
                .containsEntry("maxReceiveCount", Integer.toString(deployment.maxReceiveCount()))
                .containsEntry("first retry delay", seconds(deployment.redelivery().first()))
                .containsEntry("longest retry delay", seconds(deployment.redelivery().max()))
                .containsEntry("lease length", seconds(RenewedLeaseStore.LEASE_LENGTH))
                .containsEntry("retry budget", seconds(RetryPolicy.defaults().budget()));
        assertThat(deployment.leaseLength()).isEqualTo(RenewedLeaseStore.LEASE_LENGTH);
        assertThat(deployment.retryBudget()).isEqualTo(RetryPolicy.defaults().budget());
        assertThat(durationDefault("firstDelay")).isEqualTo(deployment.redelivery().first());
        assertThat(durationDefault("maxDelay")).isEqualTo(deployment.redelivery().max());
    }

    /** A {@link RedeliveryConfig} default, as the configuration reads it (e.g. "20s"). */
    private static Duration durationDefault(String setting) throws NoSuchMethodException {
        String value = RedeliveryConfig.class.getMethod(setting).getAnnotation(WithDefault.class).value();
        return Duration.parse("PT" + value.toUpperCase());
    }

    /** The "Time budgets" table: setting → value. */
    private static Map<String, String> table(String markdown) {
        String section = markdown.substring(markdown.indexOf("## Time budgets"));
        Map<String, String> rows = new LinkedHashMap<>();
        section.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| setting")).forEach(line -> {
            String[] cells = line.split("\\|");
            rows.put(cells[1].trim(), cells[2].trim());
        });
        return rows;
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
