package io.cosell.shared.sync.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.ChoiceOption;
import io.cosell.emulator.dataverse.ColumnDefinition;
import io.cosell.emulator.dataverse.ColumnType;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.HttpDataverseClient;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.QueueDrain;
import io.cosell.shared.testsupport.SandboxTokens;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poller reads the columns of the customer's mapping: an opportunity whose deal value and close date live in
 * the customer's own columns is queued when a seller edits one of them, and its echo (nothing the mapping sends
 * changed) is still recognised; with connector columns adopted from Microsoft's solution, Sync with Partner Center,
 * the Referral Identifier and the referral response are read under those names. Against the Dataverse emulator
 * with those columns, DynamoDB Local and ElasticMQ.
 */
class MappedColumnsCrmPollIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SCHEDULED = Instant.parse("2025-03-05T14:00:00Z");
    private static final MappingConfig MAPPING = MappingConfig.fromJson(TestJson.MAPPER, """
            {"dealValueColumn": "new_dealvalue", "closeDateColumn": "new_closedate"}
            """);
    private static final MappingConfig ADOPTED = MappingConfig.fromJson(TestJson.MAPPER, """
            {"connectorColumns": {"syncWithPartnerCenter": "mspc_syncwithpc", "referralId": "mspc_referralidentifier",
              "leadReferralId": "mspc_referralidentifier", "referralResponse": "mspc_referralresponse"}}
            """);

    private static EntraEmulator entra;
    private static DataverseEmulator dataverse;
    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static HttpDataverseClient crm;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        List<ColumnDefinition> adopted = List.of(ColumnDefinition.of("mspc_referralidentifier", ColumnType.STRING),
                ColumnDefinition.choice("mspc_referralresponse", List.of(ChoiceOption.of(ConnectorColumns.ACCEPT, "Accept"),
                        ChoiceOption.of(ConnectorColumns.DECLINE, "Decline"))));
        List<ColumnDefinition> opportunityColumns = new ArrayList<>(adopted);
        opportunityColumns.addAll(List.of(ColumnDefinition.of("new_dealvalue", ColumnType.MONEY),
                ColumnDefinition.of("new_closedate", ColumnType.DATEONLY),
                ColumnDefinition.of("mspc_syncwithpc", ColumnType.BOOLEAN)));
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults().withExtraColumns(Map.of(
                "opportunities", opportunityColumns, "leads", adopted)));
        elasticMq = ElasticMqServer.start(0, List.of());
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        ApiHttpClient http = new ApiHttpClient(ApiHttpClient.defaultHttpClient(),
                SandboxTokens.clientCredentials(entra, dataverse.scope()),
                new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofSeconds(10)),
                Duration.ofSeconds(10), TestJson.MAPPER);
        crm = new HttpDataverseClient(http, dataverse.apiRoot(), 100, TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
        dataverse.close();
        entra.close();
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void an_edit_of_the_mapped_deal_value_column_is_queued_and_an_echo_is_not(ChangeDetection mode) {
        // given
        dataverse.reset();
        String table = "poller-mapped-" + UUID.randomUUID();
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), table);
        SyncStateStore state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), table);
        String queueUrl = sqs.createQueue(b -> b.queueName("poller-mapped-" + UUID.randomUUID())).queueUrl();
        CrmPollSettings settings = CrmPollSettings.defaults().withMode(mode);
        CrmPoller poller = new CrmPoller(crm, state, new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER),
                settings.forMapping(MAPPING, List.of()),
                Clock.systemUTC(), TestJson.MAPPER);
        UUID opportunity = crm.create(EntitySet.OPPORTUNITIES, JSON.createObjectNode()
                .put("name", "Contoso migration")
                .put("cosell_syncwithpartnercenter", true)
                .put("cosell_referralid", "REF-7")
                .put("new_dealvalue", 50000)
                .put("new_closedate", "2025-06-30"));
        poller.run(SCHEDULED);
        drain(queueUrl);
        state.saveSnapshot(snapshotOfEveryColumn("REF-7", opportunity));
        update(opportunity, "name", "✔ Contoso migration");
        int echoes = poller.run(SCHEDULED.plusSeconds(60)).echoes();
        List<SyncMessage> afterEcho = drain(queueUrl);

        // when
        update(opportunity, "new_dealvalue", 60000);
        PollReport edit = poller.run(SCHEDULED.plusSeconds(120));

        // then
        assertThat(echoes).isEqualTo(1);
        assertThat(afterEcho).isEmpty();
        assertThat(edit.echoes()).isZero();
        assertThat(drain(queueUrl)).extracting(m -> m.crmRecord().id()).containsExactly(opportunity.toString());
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void opportunities_and_leads_are_read_in_the_adopted_connector_columns(ChangeDetection mode) {
        // given
        dataverse.reset();
        String table = "poller-adopted-" + UUID.randomUUID();
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), table);
        SyncStateStore state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), table);
        String queueUrl = sqs.createQueue(b -> b.queueName("poller-adopted-" + UUID.randomUUID())).queueUrl();
        CrmPoller poller = new CrmPoller(crm, state, new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER),
                CrmPollSettings.defaults().withMode(mode).forMapping(ADOPTED, List.of()), Clock.systemUTC(),
                TestJson.MAPPER);
        UUID shared = crm.create(EntitySet.OPPORTUNITIES, JSON.createObjectNode()
                .put("name", "Fabrikam data platform")
                .put("mspc_syncwithpc", true)
                .put("mspc_referralidentifier", "REF-9"));
        crm.create(EntitySet.OPPORTUNITIES, JSON.createObjectNode()
                .put("name", "Not shared")
                .put("mspc_syncwithpc", false)
                .put("cosell_syncwithpartnercenter", true));
        UUID lead = crm.create(EntitySet.LEADS, JSON.createObjectNode()
                .put("subject", "Referral from Microsoft")
                .put("mspc_referralidentifier", "REF-10")
                .put("mspc_referralresponse", ConnectorColumns.ACCEPT));

        // when
        PollReport report = poller.run(SCHEDULED);

        // then
        assertThat(report.sent()).isEqualTo(2);
        assertThat(drain(queueUrl))
                .extracting(m -> m.referralId() + " " + m.crmRecord().entitySet() + " " + m.crmRecord().id())
                .containsExactlyInAnyOrder("REF-9 " + EntitySet.OPPORTUNITIES.name() + " " + shared,
                        "REF-10 " + EntitySet.LEADS.name() + " " + lead);
    }

    /** The snapshot as the connector leaves it after a sync: every column's JSON text, the name without its mark. */
    private static SyncSnapshot snapshotOfEveryColumn(String referralId, UUID opportunity) {
        List<String> columns = new ArrayList<>(CrmPollSettings.DEFAULT_WATCHED_COLUMNS);
        columns.addAll(List.of("new_dealvalue", "new_closedate"));
        CrmRecord row = crm.get(EntitySet.OPPORTUNITIES, opportunity, columns).orElseThrow();
        Map<String, String> fields = new HashMap<>();
        columns.stream()
                .filter(column -> !row.fields().path(column).isNull())
                .forEach(column -> fields.put(column, row.fields().get(column).toString()));
        fields.put("name", "\"Contoso migration\"");
        return new SyncSnapshot(referralId, Map.of(), fields, null, null, row.etag(), 0);
    }

    private static void update(UUID opportunity, String column, Object value) {
        ObjectNode change = JSON.createObjectNode();
        change.set(column, JSON.valueToTree(value));
        crm.update(EntitySet.OPPORTUNITIES, opportunity, change, Optional.empty());
    }

    private static List<SyncMessage> drain(String queueUrl) {
        return QueueDrain.drain(sqs, queueUrl);
    }
}
