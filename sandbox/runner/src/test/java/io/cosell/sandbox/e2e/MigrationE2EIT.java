package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxOptions;
import io.cosell.sandbox.SandboxPorts;
import io.cosell.sandbox.lambda.IntervalScheduler;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bin/cosell migrate} over the sandbox, on a CRM left the way Microsoft's connector leaves it: opportunities
 * carrying Referral Identifiers, Referral Links and Audit text in the connector's columns, their referrals in Partner
 * Center, and no link, snapshot or cursor in the state table. The poller's and reconciler's schedules tick only when
 * the test says so.
 */
class MigrationE2EIT {

    private static final Duration SYNC = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ManualSchedule SCHEDULES = new ManualSchedule();
    private static final List<String> SYNC_LINES = new CopyOnWriteArrayList<>();
    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions")), SCHEDULES);
        sandbox.onSyncLine(SYNC_LINES::add);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void planReportsWhatDiffersApplyBaselinesAndTheFirstRunsWriteNothingForAgreeingPairs() throws Exception {
        // given 20 linked opportunities (3 edited in the CRM only), 2 referrals whose opportunity is gone, 2
        // opportunities whose referral id Partner Center does not know, and an empty state table
        List<String> linked = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            linked.add(acceptedReferral("Migrated Co " + i));
        }
        await().atMost(SYNC).untilAsserted(() -> {
            for (String id : linked) {
                assertThat(client.crmRowsByReferral("opportunities", id)).hasSize(1);
            }
            assertThat(client.syncQueueSettled()).isTrue();
        });
        List<String> orphans = List.of(linked.remove(21), linked.remove(20));
        for (String orphan : orphans) {
            client.sellerDeletes("opportunities", opportunityId(orphan));
        }
        List<String> unknown = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (String id : unknown) {
            client.sellerCreates("opportunities", json("""
                    {"name": "Left by the old connector", "cosell_referralid": "%s", "cosell_syncwithpartnercenter": true}"""
                    .formatted(id)));
        }
        String valueEdited = linked.get(0);
        String dateEdited = linked.get(1);
        String nameEdited = linked.get(2);
        client.sellerUpdates("opportunities", opportunityId(valueEdited), json("{\"estimatedvalue\": 61000}"));
        client.sellerUpdates("opportunities", opportunityId(dateEdited), json("{\"estimatedclosedate\": \"2027-09-30\"}"));
        client.sellerUpdates("opportunities", opportunityId(nameEdited), json("{\"name\": \"Renamed by the seller\"}"));
        emptyStateTable();

        // when
        CosellRun plan = CosellRun.of(sandbox, "--json", "migrate", "plan");

        // then exactly those
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode report = JSON.readTree(plan.out());
        Set<String> agreeing = ids(report.path("agreeing"));
        assertThat(agreeing).containsAll(linked.subList(3, 20));
        assertThat(ids(report.path("differing"))).containsExactlyInAnyOrder(valueEdited, dateEdited, nameEdited);
        assertThat(ids(report.path("unknownReferralIds"))).containsExactlyInAnyOrderElementsOf(unknown);
        // besides the sandbox's two start-up referrals, shared before its webhook receiver was registered
        assertThat(ids(report.path("referralsWithoutRecord"))).containsAll(orphans).hasSize(orphans.size() + 2);
        assertThat(report.path("unmappable")).isEmpty();
        Map<String, JsonNode> differing = byId(report.path("differing"));
        assertThat(differing.get(valueEdited).path("differences").get(0).path("column").asText()).isEqualTo("estimatedvalue");
        assertThat(differing.get(valueEdited).path("differences").get(0).path("crmValue").asText()).isEqualTo("61000");
        assertThat(differing.get(valueEdited).path("differences").get(0).path("partnerCenterValue").asText()).isEqualTo("50000");
        assertThat(differing.get(dateEdited).path("differences").get(0).path("column").asText()).isEqualTo("estimatedclosedate");
        assertThat(differing.get(nameEdited).path("differences").get(0).path("column").asText()).isEqualTo("name");
        assertThat(differing.values()).allMatch(pair -> pair.path("differences").size() == 1);

        // when apply (report-only), then one poller run and one reconciler run
        CosellRun apply = CosellRun.of(sandbox, "--json", "migrate", "apply");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        JsonNode applied = JSON.readTree(apply.out());
        assertThat(ids(applied.path("linked"))).containsAll(linked.subList(3, 20))
                .doesNotContain(valueEdited, dateEdited, nameEdited);
        assertThat(ids(applied.path("leftDiffering"))).containsExactlyInAnyOrder(valueEdited, dateEdited, nameEdited);
        Map<String, String> crmVersions = crmVersions(linked);
        Map<String, String> referralVersions = referralVersions(linked);
        long pollerRuns = sandbox.completedPollerRuns();
        SYNC_LINES.clear();
        SCHEDULES.tick();
        await().atMost(SYNC).until(() -> sandbox.completedPollerRuns() > pollerRuns
                && SYNC_LINES.stream().anyMatch(line -> line.contains("reconcile:")));

        // then no write to either side: every record and referral has the version it had, nothing was queued
        await().atMost(SYNC).until(client::syncQueueSettled);
        assertThat(crmVersions(linked)).isEqualTo(crmVersions);
        assertThat(referralVersions(linked)).isEqualTo(referralVersions);
        assertThat(SYNC_LINES).filteredOn(line -> !line.contains("reconcile:")).isEmpty();
        assertThat(SYNC_LINES).filteredOn(line -> line.contains("reconcile:")).allMatch(line -> line.contains("queued 0"));
        assertThat(opportunity(valueEdited).path("estimatedvalue").decimalValue()).isEqualByComparingTo("61000");

        // when the admin prefers Partner Center's values for the differing pairs
        CosellRun settle = CosellRun.of(sandbox, "--json", "migrate", "apply", "--prefer", "partner-center");

        // then they get them, and a further run does nothing
        assertThat(settle.exitCode()).as(settle.out() + settle.err()).isZero();
        assertThat(ids(JSON.readTree(settle.out()).path("settled"))).containsExactlyInAnyOrder(valueEdited, dateEdited, nameEdited);
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(opportunity(valueEdited).path("estimatedvalue").decimalValue()).isEqualByComparingTo("50000");
            assertThat(opportunity(dateEdited).path("estimatedclosedate").asText()).isEqualTo("2027-03-31");
            assertThat(opportunity(nameEdited).path("name").asText()).isEqualTo("✔ " + client.referral(nameEdited).path("name").asText());
        });
        assertThat(referralVersions(linked)).isEqualTo(referralVersions);
        JsonNode again = JSON.readTree(CosellRun.of(sandbox, "--json", "migrate", "apply").out());
        assertThat(again.path("linked")).isEmpty();
        assertThat(again.path("settled")).isEmpty();
        assertThat(again.path("leftDiffering")).isEmpty();
        assertThat(again.path("cursorsSet").asBoolean()).isFalse();
    }

    /** Microsoft shares an accepted referral (deal value 50,000 EUR), which the connector makes an opportunity. */
    private static String acceptedReferral(String company) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return client.microsoftSharesReferral(json("""
                {"status": "Active", "substatus": "Accepted",
                 "customerProfile": {"name": "%s %s", "address": {"city": "Cork", "postalCode": "T12 %s", "country": "IE"},
                                     "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife.%s@customer.example"}]},
                 "details": {"dealValue": 50000, "currency": "EUR", "closingDateTime": "2027-03-31T00:00:00Z"}}"""
                .formatted(company, suffix, suffix.substring(0, 4), suffix))).path("id").asText();
    }

    /** Microsoft's connector keeps its state in Power Automate, not in this table: start from nothing. */
    private static void emptyStateTable() {
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(AwsClientSettings.local(sandbox.dynamoDb().endpoint()))) {
            for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(ScanRequest.builder()
                    .tableName(Sandbox.SYNC_TABLE).build()).items()) {
                dynamoDb.deleteItem(b -> b.tableName(Sandbox.SYNC_TABLE)
                        .key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
            }
            assertThat(dynamoDb.scan(b -> b.tableName(Sandbox.SYNC_TABLE)).count()).isZero();
        }
    }

    private static JsonNode opportunity(String referralId) {
        List<JsonNode> rows = client.crmRowsByReferral("opportunities", referralId);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static String opportunityId(String referralId) {
        return opportunity(referralId).path("opportunityid").asText();
    }

    private static Map<String, String> crmVersions(List<String> referralIds) {
        Map<String, String> versions = new HashMap<>();
        referralIds.forEach(id -> versions.put(id, opportunity(id).path("@odata.etag").asText()));
        return versions;
    }

    private static Map<String, String> referralVersions(List<String> referralIds) {
        Map<String, String> versions = new HashMap<>();
        referralIds.forEach(id -> versions.put(id, client.referral(id).path("eTag").asText()));
        return versions;
    }

    private static Set<String> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false)
                .map(item -> item.isTextual() ? item.asText() : item.path("referralId").asText())
                .collect(Collectors.toSet());
    }

    private static Map<String, JsonNode> byId(JsonNode items) {
        Map<String, JsonNode> byId = new HashMap<>();
        items.forEach(item -> byId.put(item.path("referralId").asText(), item));
        return byId;
    }

    /** The poller's and reconciler's schedules, ticked by the test: each tick invokes both functions once. */
    private static final class ManualSchedule implements IntervalScheduler {

        private final List<Runnable> jobs = new CopyOnWriteArrayList<>();

        @Override
        public AutoCloseable every(String name, Duration interval, Runnable task) {
            jobs.add(task);
            return () -> jobs.remove(task);
        }

        void tick() {
            jobs.forEach(Runnable::run);
        }
    }
}
