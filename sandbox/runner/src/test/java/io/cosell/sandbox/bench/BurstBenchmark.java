package io.cosell.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dataverse's service protection limits against a burst, over the whole sandbox (real function.zip files; the mapper
 * concurrency is the number of mapper execution environments the SQS event source mapping feeds, as the event source
 * mapping's {@code MaximumConcurrency} caps it in AWS; the template's default {@code MapperMaximumConcurrency} is 2).
 * <ol>
 *   <li>{@code burst.referrals} (1,000) referrals shared at once with the real limits scaled by {@code burst.factor}
 *       (0.1: 600 requests per 30 s, 5 concurrent): prints the 429s, requests/s ÷ the scaled limit (target ≥ 90 %),
 *       requests per referral, no loss and no duplicates;</li>
 *   <li>burst latency: 50 referrals at once under the real limits, share → lead readable (target p99 &lt; 2 s).</li>
 * </ol>
 * Not a timed test. Run: {@code bin/benchmarks Burst} ({@code -Dburst.referrals=N -Dburst.factor=F
 * -Dburst.mappers=N}).
 */
class BurstBenchmark {

    private static final int REFERRALS = Integer.getInteger("burst.referrals", 1000);
    private static final double FACTOR = Double.parseDouble(System.getProperty("burst.factor", "0.1"));
    private static final int MAPPERS = Integer.getInteger("burst.mappers", 2);
    private static final int LATENCY_BURST = 50;

    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions")).withMapperInstances(MAPPERS));
        client = new SandboxClient(sandbox);
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
        List<Duration> latencies = latencyBurst();

        System.out.printf("BENCHMARK burst: mapper concurrency %d (sandbox: mapper execution environments fed by the SQS "
                + "event source mapping; AWS: the event source mapping's MaximumConcurrency, template default 2)%n", MAPPERS);
        System.out.printf("BENCHMARK burst: %s%n", burst.summary());
        System.out.printf("BENCHMARK burst latency: %d referrals at once, real limits, share → lead readable: %s%n",
                LATENCY_BURST, Latencies.summary(latencies));
        assertThat(burst.missing()).isZero();
        assertThat(burst.duplicates()).isZero();
        assertThat(client.deadLetters()).isZero();
    }

    /** {@value #LATENCY_BURST} referrals at once under the real limits; one watcher reads the leads every 20 ms. */
    private static List<Duration> latencyBurst() {
        Burst.Limits real = Burst.Limits.scaled(1);
        sandbox.dataverse().serviceProtection(real.requests(), real.window(), real.concurrent());
        Instant began = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Long> startedAt = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < LATENCY_BURST; i++) {
                pool.submit(() -> {
                    long start = System.nanoTime();
                    startedAt.put(Burst.share(client), start);
                });
            }
        }
        Map<String, Duration> arrived = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (arrived.size() < LATENCY_BURST && System.nanoTime() < deadline) {
            long seenAt = System.nanoTime();
            for (JsonNode lead : client.crmRows("leads", "createdon ge " + began)) {
                Long start = startedAt.get(lead.path("cosell_referralid").asText());
                if (start != null) {
                    arrived.putIfAbsent(lead.path("cosell_referralid").asText(), Duration.ofNanos(seenAt - start));
                }
            }
            Latencies.sleep(20);
        }
        assertThat(arrived).as("every referral of the burst arrived").hasSize(LATENCY_BURST);
        return List.copyOf(arrived.values());
    }
}
