package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.sandbox.Sandbox;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.cosell.sandbox.e2e.SandboxClient.json;

/**
 * A burst of referrals shared at once on the Microsoft side against Dataverse's service protection limits scaled to
 * the test: the real per-user limits (6,000 requests in a sliding 300 s window, 52 concurrent requests) times one
 * factor each (window length included, so the sustained rate the limit allows stays the real 20 requests/s). It
 * waits until every referral is a lead in the CRM, reading as the observer client (whose reads never count against
 * the connector's limits), and reports what the connector's caller did meanwhile.
 */
public final class Burst {

    public static final int REAL_REQUEST_LIMIT = 6000;
    public static final Duration REAL_WINDOW = Duration.ofSeconds(300);
    public static final int REAL_CONCURRENCY_LIMIT = 52;

    /** The limits a factor gives. */
    public record Limits(double factor, int requests, Duration window, int concurrent) {

        public static Limits scaled(double factor) {
            return new Limits(factor, (int) Math.round(REAL_REQUEST_LIMIT * factor),
                    Duration.ofMillis(Math.round(REAL_WINDOW.toMillis() * factor)),
                    Math.max(1, (int) Math.floor(REAL_CONCURRENCY_LIMIT * factor)));
        }

        /** The sustained rate the request limit allows. */
        public double requestsPerSecond() {
            return requests * 1000.0 / window.toMillis();
        }
    }

    /**
     * What a burst did.
     *
     * @param requests  the connector's Dataverse requests admitted (429s not included)
     * @param throttled the connector's requests answered 429
     * @param elapsed   first share → last lead readable
     * @param missing   referrals without a lead when the wait ended
     * @param duplicates referrals with more than one lead
     */
    public record Result(int referrals, Limits limits, long requests, long throttled, Duration elapsed, int missing,
                         int duplicates) {

        public double requestsPerSecond() {
            return requests * 1000.0 / Math.max(1, elapsed.toMillis());
        }

        public double shareOfLimit() {
            return requestsPerSecond() / limits.requestsPerSecond();
        }

        public double requestsPerReferral() {
            return (double) requests / referrals;
        }

        public double throttledShare() {
            return (double) throttled / Math.max(1, requests + throttled);
        }

        public String summary() {
            return ("%d referrals at once, limits ×%s (%d requests / %d s, %d concurrent = %.1f requests/s): "
                    + "%d requests in %.1f s = %.1f requests/s = %.0f %% of the limit; %d × 429 (%.1f %% of requests); "
                    + "%.2f requests per referral; %d missing, %d duplicated")
                    .formatted(referrals, limits.factor(), limits.requests(), limits.window().toSeconds(),
                            limits.concurrent(), limits.requestsPerSecond(), requests, elapsed.toMillis() / 1000.0,
                            requestsPerSecond(), shareOfLimit() * 100, throttled, throttledShare() * 100,
                            requestsPerReferral(), missing, duplicates);
        }
    }

    private Burst() {
    }

    public static Result run(Sandbox sandbox, SandboxClient client, int referrals, Limits limits, Duration giveUp) {
        sandbox.dataverse().serviceProtection(limits.requests(), limits.window(), limits.concurrent());
        long requestsBefore = count(sandbox.dataverse().requestCounts());
        long throttledBefore = count(sandbox.dataverse().throttledCounts());
        Instant began = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        long start = System.nanoTime();
        Set<String> shared = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < referrals; i++) {
                pool.submit(() -> shared.add(share(client)));
            }
        }
        Duration elapsed = awaitQuietly(giveUp, () -> leadsByReferral(client, began, shared).size() == referrals)
                ? Duration.ofNanos(System.nanoTime() - start) : giveUp;
        // the last syncs finish their bookkeeping before the counters are read
        awaitQuietly(Duration.ofSeconds(30), client::syncQueueSettled);
        long requests = count(sandbox.dataverse().requestCounts()) - requestsBefore;
        long throttled = count(sandbox.dataverse().throttledCounts()) - throttledBefore;
        Map<String, Integer> leads = leadsByReferral(client, began, shared);
        int duplicates = (int) leads.values().stream().filter(n -> n > 1).count();
        return new Result(referrals, limits, requests - throttled, throttled, elapsed, referrals - leads.size(), duplicates);
    }

    private static Map<String, Integer> leadsByReferral(SandboxClient client, Instant began, Set<String> shared) {
        Map<String, Integer> leads = new HashMap<>();
        List<JsonNode> rows = client.crmRows("leads", "createdon ge " + began);
        for (JsonNode lead : rows) {
            String id = lead.path("cosell_referralid").asText();
            if (shared.contains(id)) {
                leads.merge(id, 1, Integer::sum);
            }
        }
        return leads;
    }

    private static long count(Map<String, Long> perCaller) {
        return perCaller.getOrDefault(EntraSettings.SANDBOX_CLIENT_ID, 0L);
    }

    /** A Microsoft seller shares a referral with a new customer (its own account and contact). */
    public static String share(SandboxClient client) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return client.microsoftSharesReferral(json("""
                {"customerProfile": {"name": "Burst Customer %s", "address": {"city": "Galway", "postalCode": "H91 %s",
                 "country": "IE"}, "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s@burst.example"}]}}"""
                .formatted(suffix, suffix.substring(0, 4), suffix))).path("id").asText();
    }

    private static boolean awaitQuietly(Duration atMost, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
