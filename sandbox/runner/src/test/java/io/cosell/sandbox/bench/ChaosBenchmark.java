package io.cosell.sandbox.bench;

import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxOptions;
import io.cosell.sandbox.SandboxPorts;
import io.cosell.sandbox.e2e.chaos.ChaosFigures;
import io.cosell.sandbox.e2e.chaos.ChaosPlan;
import io.cosell.sandbox.e2e.chaos.ChaosSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos scenario of {@code ChaosE2EIT} at size: N = 1,000 referrals shared by Microsoft and M = 100 opportunities
 * shared in the CRM by default, with the sandbox's own reconciler interval (30 s). Prints the figures of
 * {@link ChaosFigures#print}. Not a timed test. Run: {@code bin/chaos} (or {@code bin/benchmarks Chaos
 * -Dchaos.referrals=… -Dchaos.opportunities=… -Dchaos.edits=… -Dchaos.seed=… -Dchaos.minutes=…}).
 */
class ChaosBenchmark {

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions"))
                .withPollInterval(Duration.ofSeconds(2))
                .withMappingJson("{\"newReferralBecomes\": \"OPPORTUNITY\"}"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void chaosAtSize() {
        // given
        ChaosPlan plan = ChaosPlan.fromSystemProperties(1000, 100);

        // when
        ChaosFigures figures = ChaosSuite.run(sandbox, plan, Duration.ofMinutes(Integer.getInteger("chaos.minutes", 30)));
        figures.print(System.out);

        // then
        assertThat(figures.duplicates()).as("duplicates (seed %d)", plan.seed()).isZero();
        assertThat(figures.lost()).as("lost (seed %d)", plan.seed()).isZero();
        assertThat(figures.converged()).as("converged (seed %d)", plan.seed()).isTrue();
    }
}
