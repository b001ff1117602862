package io.cosell.sandbox.bench;

import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxOptions;
import io.cosell.sandbox.SandboxPorts;
import io.cosell.sandbox.e2e.SandboxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partner Center → CRM latency over the whole sandbox: from the moment a Microsoft seller shares a referral (the
 * control API call that makes the Partner Center emulator send the signed webhook) until the lead is readable over
 * OData in the Dataverse emulator. Path: webhook → real webhook-receiver function.zip → SQS → real mapper function.zip
 * (2 execution environments) → Partner Center GET → Dataverse writes. The Dataverse emulator tells when it stores
 * each lead ({@link LeadArrivals}); nothing polls the CRM during the measurement.
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
    private static LeadArrivals arrivals;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions")));
        client = new SandboxClient(sandbox);
        arrivals = new LeadArrivals(sandbox);
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

        List<Duration> burst = arrivals.timeBurst(BURST, InboundLatencyBenchmark::share, GIVE_UP);

        print("one at a time (" + SEQUENTIAL + " referrals)", sequential);
        print("burst of " + BURST + " at once", burst);
        System.out.printf("BENCHMARK inbound: Dataverse requests by the connector per new referral (lead + account + contact): %d%n",
                requestsPerReferral);
        assertThat(sequential).hasSize(SEQUENTIAL);
        assertThat(client.deadLetters()).isZero();
    }

    private static String share() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return client.microsoftSharesReferral(json("""
                {"customerProfile": {"name": "Bench Customer %s", "address": {"city": "Galway", "postalCode": "H91 %s",
                 "country": "IE"}, "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s@bench.example"}]}}"""
                .formatted(suffix, suffix.substring(0, 4), suffix))).path("id").asText();
    }

    private static Duration shareAndAwait() {
        return arrivals.timeOne(InboundLatencyBenchmark::share, GIVE_UP);
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
