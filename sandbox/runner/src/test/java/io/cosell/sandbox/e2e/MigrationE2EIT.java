package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import io.cosell.sandbox.lambda.IntervalScheduler;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.auth.EntraTokenProvider;
import io.cosell.shared.auth.EntraTokenSettings;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.json.JsonSetup;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.schema.ConnectorSchema;
import io.cosell.shared.schema.HttpMetadataClient;
import io.cosell.shared.schema.SchemaInstaller;
import io.cosell.shared.schema.SchemaReport;
import io.cosell.shared.schema.SchemaStep;
import io.cosell.shared.schema.SchemaTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.net.http.HttpClient;
import java.nio.file.Files;
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
 * carrying Referral Identifiers, Referral Links and Audit text in the columns of Microsoft's solution, their referrals
 * in Partner Center, and no link, snapshot or cursor in the state table. Microsoft does not publish the logical names
 * of its columns: the test installs them under made-up {@code mspc_} names with Microsoft's labels, and the sandbox's
 * functions run with the mapping {@code schema adopt} writes for them from the start, so every record the sandbox's
 * own syncs create (to seed the CRM) carries its referral in Microsoft's columns. The poller's and reconciler's
 * schedules tick only when the test says so.
 */
class MigrationE2EIT {

    /** What {@code schema adopt} finds for Microsoft's opportunity columns (the rest keep the connector's names). */
    private static final Map<String, String> MICROSOFT_COLUMNS = Map.of("syncWithPartnerCenter", "mspc_syncwithpc",
            "referralId", "mspc_referralidentifier", "referralLink", "mspc_referrallink",
            "microsoftHelp", "mspc_helpneeded", "visibleToMicrosoft", "mspc_visibility",
            "microsoftCrmId", "mspc_mscrmid", "audit", "mspc_audit");
    private static final String REFERRAL_ID = MICROSOFT_COLUMNS.get("referralId");
    private static final String FUNCTIONS_MAPPING = new ObjectMapper().valueToTree(
            Map.of("connectorColumns", MICROSOFT_COLUMNS)).toString();

    private static final Duration SYNC = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ManualSchedule SCHEDULES = new ManualSchedule();
    private static final List<String> SYNC_LINES = new CopyOnWriteArrayList<>();
    private static Sandbox sandbox;
    private static SandboxClient client;
    @TempDir
    static Path folder;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options().withMappingJson(FUNCTIONS_MAPPING), SCHEDULES);
        sandbox.onSyncLine(SYNC_LINES::add);
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void planReportsWhatDiffersApplyBaselinesAndTheFirstRunsWriteNothingForAgreeingPairs() throws Exception {
        // given Microsoft's columns, adopted into the mapping file, and the key on its Referral Identifier installed
        installMicrosoftsColumns();
        Path mappingFile = folder.resolve("mapping.json");
        CosellRun adopt = CosellRun.of(sandbox, "--mapping", mappingFile.toString(), "--json", "schema", "adopt");
        assertThat(adopt.exitCode()).as(adopt.out() + adopt.err()).isZero();
        assertThat(mapping(Files.readString(mappingFile)).connectorColumns())
                .as("the functions run with the columns adopt finds").isEqualTo(mapping(FUNCTIONS_MAPPING).connectorColumns());
        CosellRun install = CosellRun.of(sandbox, "--mapping", mappingFile.toString(), "schema", "install");
        assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
        String mapping = "--mapping=" + mappingFile;

        // and 20 linked opportunities (3 edited in the CRM only), 2 referrals whose opportunity is gone, 2
        // opportunities whose referral id Partner Center does not know, and an empty state table
        List<String> linked = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            linked.add(acceptedReferral("Migrated Co " + i));
        }
        await().atMost(SYNC).untilAsserted(() -> {
            for (String id : linked) {
                assertThat(opportunities(id)).hasSize(1);
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
                    {"name": "Left by the old connector", "%s": "%s", "%s": true}"""
                    .formatted(REFERRAL_ID, id, MICROSOFT_COLUMNS.get("syncWithPartnerCenter"))));
        }
        String valueEdited = linked.get(0);
        String dateEdited = linked.get(1);
        String nameEdited = linked.get(2);
        client.sellerUpdates("opportunities", opportunityId(valueEdited), json("{\"estimatedvalue\": 61000}"));
        client.sellerUpdates("opportunities", opportunityId(dateEdited), json("{\"estimatedclosedate\": \"2027-09-30\"}"));
        client.sellerUpdates("opportunities", opportunityId(nameEdited), json("{\"name\": \"Renamed by the seller\"}"));
        emptyStateTable();
        assertThat(client.crmRows("opportunities", "cosell_referralid ne null")).isEmpty();

        // when
        CosellRun plan = CosellRun.of(sandbox, mapping, "--json", "migrate", "plan");

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
        CosellRun apply = CosellRun.of(sandbox, mapping, "--json", "migrate", "apply");
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
        CosellRun settle = CosellRun.of(sandbox, mapping, "--json", "migrate", "apply", "--prefer", "partner-center");

        // then they get them, and a further run does nothing
        assertThat(settle.exitCode()).as(settle.out() + settle.err()).isZero();
        assertThat(ids(JSON.readTree(settle.out()).path("settled"))).containsExactlyInAnyOrder(valueEdited, dateEdited, nameEdited);
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(opportunity(valueEdited).path("estimatedvalue").decimalValue()).isEqualByComparingTo("50000");
            assertThat(opportunity(dateEdited).path("estimatedclosedate").asText()).isEqualTo("2027-03-31");
            assertThat(opportunity(nameEdited).path("name").asText()).isEqualTo("✔ " + client.referral(nameEdited).path("name").asText());
        });
        assertThat(referralVersions(linked)).isEqualTo(referralVersions);
        JsonNode again = JSON.readTree(CosellRun.of(sandbox, mapping, "--json", "migrate", "apply").out());
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
        List<JsonNode> rows = opportunities(referralId);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static List<JsonNode> opportunities(String referralId) {
        return client.crmRows("opportunities", REFERRAL_ID + " eq '" + referralId + "'");
    }

    /**
     * Microsoft's connector solution as installed: its opportunity columns under its own publisher and prefix, with
     * Microsoft's labels, and no alternate key.
     */
    private static void installMicrosoftsColumns() {
        ObjectMapper json = JsonSetup.newMapper();
        ConnectorSchema theirs = ConnectorSchema.of(mapping(FUNCTIONS_MAPPING));
        ConnectorSchema opportunityColumns = new ConnectorSchema(List.of(), theirs.columns().stream()
                .filter(c -> c.table().equals(ConnectorSchema.OPPORTUNITY) && MICROSOFT_COLUMNS.containsValue(c.name()))
                .toList(), List.of(), List.of());
        AccessTokenProvider tokens = EntraTokenProvider.clientCredentials(new EntraTokenSettings(
                sandbox.entra().server().baseUri(), Sandbox.TENANT, Sandbox.OBSERVER_CLIENT_ID,
                Sandbox.OBSERVER_CLIENT_SECRET, sandbox.dataverse().scope()), HttpClient.newHttpClient(), json);
        ApiHttpClient http = new ApiHttpClient(ApiHttpClient.defaultHttpClient(), tokens,
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)),
                Duration.ofSeconds(10), json);
        SchemaReport report = SchemaInstaller.of(new HttpMetadataClient(http, sandbox.dataverse().apiRoot(), json))
                .install(opportunityColumns, new SchemaTarget("msconnector",
                        "Partner Center Referrals Synchronization for Dynamics 365", "mspc", "Microsoft", "mspc", 10_000),
                        step -> { });
        assertThat(report.count(SchemaStep.Outcome.CREATED)).as(report.steps().toString()).isGreaterThanOrEqualTo(7);
        assertThat(report.hasProblems()).isFalse();
    }

    private static MappingConfig mapping(String json) {
        return MappingConfig.fromJson(JsonSetup.newMapper(), json);
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
