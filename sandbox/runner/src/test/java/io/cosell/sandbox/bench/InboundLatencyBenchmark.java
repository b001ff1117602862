package io.cosell.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxOptions;
import io.cosell.sandbox.SandboxPorts;
import io.cosell.sandbox.e2e.SandboxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partner Center → CRM latency over the whole sandbox: from the moment a Microsoft seller shares a referral (the
 * control API call that makes the Partner Center emulator send the signed webhook) until the lead is readable over
 * OData in the Dataverse emulator. Path: webhook → real webhook-receiver function.zip → SQS → real mapper function.zip
 * (2 execution environments) → Partner Center GET → Dataverse writes. Reads the CRM as the observer client: every
 * 10 ms for one referral at a time; one watcher every 20 ms for the burst.
 * Prints p50/p99/max for referrals one at a time (after warm-up) and for a burst; the target is p99 &lt; 2 s.
 * Not a timed test. Run: {@code bin/benchmarks InboundLatency}.
 */
class InboundLatencyBenchmark {

    private static final int WARM_UP = 20;
    private static final int SEQUENTIAL = 200;
    private static final int BURST = 50;
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions")));
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void referralToReadableLead() throws Exception {
        // warm-up: JIT, connections, token caches in both function JVMs
        for (int i = 0; i < WARM_UP; i++) {
            shareAndAwait();
        }
        long connectorRequestsBefore = connectorDataverseRequests();

        List<Duration> sequential = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL; i++) {
            sequential.add(shareAndAwait());
        }
        long requestsPerReferral = (connectorDataverseRequests() - connectorRequestsBefore) / SEQUENTIAL;

        List<Duration> burst = burst();

        print("one at a time (" + SEQUENTIAL + " referrals)", sequential);
        print("burst of " + BURST + " at once", burst);
        System.out.printf("BENCHMARK inbound: Dataverse requests by the connector per new referral (lead + account + contact): %d%n",
                requestsPerReferral);
        assertThat(sequential).hasSize(SEQUENTIAL);
        assertThat(client.deadLetters()).isZero();
    }

    /**
     * {@value #BURST} referrals shared at once; one watcher reads every lead created since the burst began, every
     * 20 ms (one watcher, not fifty, so the observer's own Dataverse limit never slows the measurement).
     */
    private static List<Duration> burst() {
        Instant began = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Long> startedAt = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < BURST; i++) {
                pool.submit(() -> {
                    long start = System.nanoTime();
                    startedAt.put(share(), start);
                });
            }
        }
        Map<String, Duration> arrived = new HashMap<>();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (arrived.size() < BURST && System.nanoTime() < deadline) {
            long seenAt = System.nanoTime();
            for (JsonNode lead : client.crmRows("leads", "createdon ge " + began)) {
                String id = lead.path("cosell_referralid").asText();
                Long start = startedAt.get(id);
                if (start != null) {
                    arrived.putIfAbsent(id, Duration.ofNanos(seenAt - start));
                }
            }
            Latencies.sleep(20);
        }
        assertThat(arrived).as("every referral of the burst arrived").hasSize(BURST);
        return List.copyOf(arrived.values());
    }

    private static String share() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return client.microsoftSharesReferral(json("""
                {"customerProfile": {"name": "Bench Customer %s", "address": {"city": "Galway", "postalCode": "H91 %s",
                 "country": "IE"}, "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s@bench.example"}]}}"""
                .formatted(suffix, suffix.substring(0, 4), suffix))).path("id").asText();
    }

    private static Duration shareAndAwait() {
        long start = System.nanoTime();
        String id = share();
        while (client.crmRowsByReferral("leads", id).isEmpty()) {
            if (System.nanoTime() - start > GIVE_UP.toNanos()) {
                throw new AssertionError("referral " + id + " did not arrive within " + GIVE_UP);
            }
            Latencies.sleep(10);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long connectorDataverseRequests() {
        Map<String, Long> counts = sandbox.dataverse().requestCounts();
        return counts.getOrDefault("sandbox", 0L);
    }

    private static void print(String label, List<Duration> latencies) {
        System.out.printf("BENCHMARK inbound %s: webhook POST → lead readable in the CRM: %s%n", label,
                Latencies.summary(latencies));
    }
}
