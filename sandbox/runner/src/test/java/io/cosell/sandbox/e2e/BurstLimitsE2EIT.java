package io.cosell.sandbox.e2e;

import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded burst (the benchmark's is {@code BurstBenchmark}): 100 referrals shared at once, Dataverse's limits
 * scaled by 0.05 (300 requests per 15 s, 2 concurrent), the template's mapper concurrency (2). No 429 storm: at most
 * 5 % of the connector's Dataverse requests answered 429; every referral exactly once in the CRM.
 */
class BurstLimitsE2EIT {

    private static final int REFERRALS = 100;
    private static final double FACTOR = 0.05;
    private static final double STORM = 0.05;

    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options());
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void a_burst_under_scaled_limits_draws_no_429_storm_and_loses_or_duplicates_nothing() {
        // given Dataverse's limits scaled to the test
        Burst.Limits limits = Burst.Limits.scaled(FACTOR);

        // when
        Burst.Result result = Burst.run(sandbox, client, REFERRALS, limits, Duration.ofMinutes(3));

        // then
        System.out.println("burst: " + result.summary());
        assertThat(result.missing()).as(result.summary()).isZero();
        assertThat(result.duplicates()).as(result.summary()).isZero();
        assertThat(result.throttledShare()).as(result.summary()).isLessThanOrEqualTo(STORM);
        assertThat(client.deadLetters()).isZero();
    }
}
