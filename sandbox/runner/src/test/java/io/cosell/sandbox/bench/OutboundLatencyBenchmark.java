package io.cosell.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxOptions;
import io.cosell.sandbox.SandboxPorts;
import io.cosell.sandbox.e2e.SandboxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRM → Partner Center latency over the whole sandbox: from a seller's edit of a shared opportunity (a Dataverse PATCH)
 * until Partner Center returns the new deal value. Path: Dataverse change tracking → real crm-poller function.zip on
 * its schedule → SQS → real mapper function.zip → Partner Center PATCH. The poll interval dominates: expect about
 * half of it on average plus processing. Also prints the connector's Dataverse requests per new shared opportunity and
 * per edit (the poller's own runs during that time included). Not a timed test. Run:
 * {@code bin/benchmarks OutboundLatency}.
 */
class OutboundLatencyBenchmark {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final int EDITS = 40;
    private static final int NEW_OPPORTUNITIES = 10;
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions")).withPollInterval(POLL_INTERVAL));
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void crmEditToPartnerCenter() {
        // new shared opportunities: requests to create each referral
        long before = connectorRequests();
        List<String> opportunities = new ArrayList<>();
        for (int i = 0; i < NEW_OPPORTUNITIES; i++) {
            opportunities.add(sharedOpportunity());
        }
        List<String> referrals = opportunities.stream().map(OutboundLatencyBenchmark::awaitReferral).toList();
        long perCreate = (connectorRequests() - before) / NEW_OPPORTUNITIES;

        // edits, one at a time, each measured until Partner Center shows it
        before = connectorRequests();
        List<Duration> latencies = new ArrayList<>();
        for (int i = 0; i < EDITS; i++) {
            int index = i % NEW_OPPORTUNITIES;
            BigDecimal value = BigDecimal.valueOf(10_000 + i);
            // a seller edits at any moment, not right after a poll: spread the edits over the poll interval
            Latencies.sleep(ThreadLocalRandom.current().nextLong(POLL_INTERVAL.toMillis()));
            long start = System.nanoTime();
            client.sellerUpdates("opportunities", opportunities.get(index), json("{\"estimatedvalue\": " + value + "}"));
            while (client.referral(referrals.get(index)).path("details").path("dealValue").decimalValue().compareTo(value) != 0) {
                if (System.nanoTime() - start > GIVE_UP.toNanos()) {
                    throw new AssertionError("edit " + i + " did not reach Partner Center within " + GIVE_UP);
                }
                Latencies.sleep(20);
            }
            latencies.add(Duration.ofNanos(System.nanoTime() - start));
        }
        long perEdit = (connectorRequests() - before) / EDITS;

        System.out.printf("BENCHMARK outbound (poll every %d s, %d edits): CRM edit → visible in Partner Center: %s%n",
                POLL_INTERVAL.toSeconds(), EDITS, Latencies.summary(latencies));
        System.out.printf("BENCHMARK outbound: connector Dataverse requests per new shared opportunity %d, per edit %d%n",
                perCreate, perEdit);
        assertThat(latencies).hasSize(EDITS);
    }

    private static String sharedOpportunity() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String accountId = client.sellerCreates("accounts", json("""
                {"name": "Bench Account %s", "address1_postalcode": "D02 %s", "address1_country": "IE"}"""
                .formatted(suffix, suffix.substring(0, 4))));
        ObjectNode contact = json("{\"firstname\": \"Sam\", \"lastname\": \"Buyer\", \"emailaddress1\": \"%s@bench.example\"}"
                .formatted(suffix));
        contact.put("parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")");
        String contactId = client.sellerCreates("contacts", contact);
        String eur = client.crmRows("transactioncurrencies", "isocurrencycode eq 'EUR'").getFirst()
                .path("transactioncurrencyid").asText();
        ObjectNode opportunity = json("""
                {"name": "Bench deal %s", "estimatedvalue": 5000, "estimatedclosedate": "2027-09-30",
                 "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}""".formatted(suffix));
        opportunity.put("customerid_account@odata.bind", "/accounts(" + accountId + ")");
        opportunity.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
        opportunity.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + eur + ")");
        String id = client.sellerCreates("opportunities", opportunity);
        ObjectNode solution = json("{\"cosell_solutionid\": \"SOL-1234567-ABC\", \"cosell_name\": \"Bench\", \"cosell_type\": \"Name\"}");
        solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + id + ")");
        client.sellerCreates("cosell_solutions", solution);
        return id;
    }

    private static String awaitReferral(String opportunityId) {
        long start = System.nanoTime();
        while (true) {
            JsonNode row = client.crmRow("opportunities", opportunityId);
            if (row.path("cosell_referralid").isTextual()) {
                return row.path("cosell_referralid").asText();
            }
            if (System.nanoTime() - start > GIVE_UP.toNanos()) {
                throw new AssertionError("opportunity " + opportunityId + " was not shared within " + GIVE_UP);
            }
            Latencies.sleep(100);
        }
    }

    private static long connectorRequests() {
        return sandbox.dataverse().requestCounts().getOrDefault("sandbox", 0L);
    }
}
