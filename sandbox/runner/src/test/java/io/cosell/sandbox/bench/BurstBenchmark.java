package io.cosell.sandbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxOptions;
import io.cosell.sandbox.SandboxPorts;
import io.cosell.sandbox.e2e.Burst;
import io.cosell.sandbox.e2e.SandboxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dataverse's service protection limits against a burst, over the whole sandbox (real function.zip files; the mapper
 * concurrency is the number of mapper execution environments the SQS event source mapping feeds, as the event source
 * mapping's {@code MaximumConcurrency} caps it in AWS; the template's default {@code MapperMaximumConcurrency} is 2).
 * <ol>
 *   <li>{@code burst.referrals} (1,000) referrals shared at once with the real limits scaled by {@code burst.factor}
 *       (0.1: 600 requests per 30 s, 5 concurrent): prints the 429s, requests/s ÷ the scaled limit (target ≥ 90 %),
 *       requests per referral, no loss and no duplicates;</li>
 *   <li>burst latency: 50 referrals at once under the real limits, share → lead readable (target p99 &lt; 2 s),
 *       {@code burst.latency-runs} (3) times, each with the CPU the sandbox's processes used; then once more with every
 *       Partner Center and Dataverse answer {@code burst.api-latency-ms} (100) late, as a cloud service's would be.</li>
 * </ol>
 * The reconciler runs every {@code burst.reconcile-minutes} (15, the templates' schedule) instead of the sandbox's 30
 * seconds: with its 5-minute overlap, a run every 30 s re-reads every referral of the 1,000-referral burst ten times,
 * work a deployed connector does once per 15 minutes. Not a timed test. Run: {@code bin/benchmarks Burst}
 * ({@code -Dburst.referrals=N -Dburst.factor=F -Dburst.mappers=N -Dburst.latency-runs=N -Dburst.api-latency-ms=N
 * -Dburst.reconcile-minutes=N}).
 */
class BurstBenchmark {

    private static final int REFERRALS = Integer.getInteger("burst.referrals", 1000);
    private static final double FACTOR = Double.parseDouble(System.getProperty("burst.factor", "0.1"));
    private static final int MAPPERS = Integer.getInteger("burst.mappers", 2);
    private static final Duration RECONCILE_EVERY = Duration.ofMinutes(Long.getLong("burst.reconcile-minutes", 15));
    private static final int LATENCY_BURST = 50;
    private static final int LATENCY_RUNS = Integer.getInteger("burst.latency-runs", 3);
    private static final int API_LATENCY_MS = Integer.getInteger("burst.api-latency-ms", 100);

    private static Sandbox sandbox;
    private static SandboxClient client;
    private static LeadArrivals arrivals;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions")).withMapperInstances(MAPPERS)
                .withReconcileInterval(RECONCILE_EVERY));
        client = new SandboxClient(sandbox);
        arrivals = new LeadArrivals(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void burstAgainstScaledLimits() {
        // warm-up: both mapper JVMs, token caches, the currency lookup
        Burst.run(sandbox, client, 20, Burst.Limits.scaled(1), Duration.ofMinutes(2));

        Burst.Result burst = Burst.run(sandbox, client, REFERRALS, Burst.Limits.scaled(FACTOR), Duration.ofMinutes(30));
        Burst.Limits real = Burst.Limits.scaled(1);
        sandbox.dataverse().serviceProtection(real.requests(), real.window(), real.concurrent());
        List<String> latencyRuns = new ArrayList<>();
        for (int run = 1; run <= LATENCY_RUNS; run++) {
            latencyRuns.add(latencyBurst());
        }
        ObjectNode lateAnswers = SandboxClient.json("{\"latencyMs\": " + API_LATENCY_MS + "}");
        client.partnerCenterFaults(lateAnswers);
        client.dataverseFaults(lateAnswers);
        String withApiLatency = latencyBurst();
        client.resetFaults();

        System.out.printf("BENCHMARK burst: mapper concurrency %d (sandbox: mapper execution environments fed by the SQS "
                + "event source mapping; AWS: the event source mapping's MaximumConcurrency, template default 2)%n", MAPPERS);
        System.out.printf("BENCHMARK burst: reconciler every %d min%n", RECONCILE_EVERY.toMinutes());
        System.out.printf("BENCHMARK burst: %s%n", burst.summary());
        for (int run = 1; run <= LATENCY_RUNS; run++) {
            System.out.printf("BENCHMARK burst latency, run %d of %d: %d referrals at once, real limits, share → lead "
                    + "readable: %s%n", run, LATENCY_RUNS, LATENCY_BURST, latencyRuns.get(run - 1));
        }
        System.out.printf("BENCHMARK burst latency, every Partner Center and Dataverse answer %d ms late (as a cloud "
                + "service's would be; the emulators answer in about a millisecond): %d referrals at once, real limits, "
                + "share → lead readable: %s%n", API_LATENCY_MS, LATENCY_BURST, withApiLatency);
        assertThat(burst.missing()).isZero();
        assertThat(burst.duplicates()).isZero();
        assertThat(client.deadLetters()).isZero();
    }

    /**
     * {@value #LATENCY_BURST} referrals at once, each timed until its lead is readable: their percentiles, and the CPU
     * the sandbox's processes used meanwhile.
     */
    private static String latencyBurst() {
        ProcessCpu before = ProcessCpu.now();
        List<Duration> latencies = arrivals.timeBurst(LATENCY_BURST, () -> Burst.share(client), Duration.ofMinutes(2));
        return Latencies.summary(latencies) + "; " + ProcessCpu.now().since(before);
    }
}
