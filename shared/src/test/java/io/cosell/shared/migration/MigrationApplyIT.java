package io.cosell.shared.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.sync.inbound.InboundOutcome;
import io.cosell.shared.sync.inbound.ReferralInboundSync;
import io.cosell.shared.sync.outbound.OpportunityOutboundSync;
import io.cosell.shared.sync.outbound.OutboundOutcome;
import io.cosell.shared.sync.outbound.OutboundResult;
import io.cosell.shared.sync.poll.CrmPollSettings;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.QueueDrain;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code migrate apply --prefer crm} against the Partner Center, Dataverse and Entra emulators, DynamoDB Local and
 * ElasticMQ: the CRM was filled by a sync whose state is gone (as Microsoft's connector leaves it), a seller has since
 * edited some opportunities; their values reach Partner Center through the queued outbound sync, and the pairs that
 * agree get no write on either side.
 */
class MigrationApplyIT {

    private static final ObjectMapper JSON = TestJson.MAPPER;
    private static final MappingConfig CONFIG = MappingConfig.defaults();
    private static final HttpClient CONTROL = HttpClient.newHttpClient();

    private static SyncTestWorld world;
    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static DataverseClient crm;
    private static ReferralClient partnerCenter;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start("migration-apply-it-old-connector",
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)));
        crm = world.crm();
        partnerCenter = world.partnerCenter();
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec("migration", "migration-dlq", 5, 30)));
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
        world.close();
    }

    @Test
    void preferringTheCrmSendsTheSellersValuesToPartnerCenterAndLeavesAgreeingPairsAlone() {
        // given four referrals synced into the CRM, two since edited by the seller, and an empty state table
        ReferralInboundSync inbound = new ReferralInboundSync(partnerCenter, crm, world.state(), CONFIG,
                Clock.systemUTC(), JSON);
        List<String> referrals = List.of(accepted("Adatum"), accepted("Fabrikam"), accepted("Litware"), accepted("Tailspin"));
        referrals.forEach(id -> assertThat(inbound.sync(id).outcome()).isEqualTo(InboundOutcome.CREATED));
        String valueEdited = referrals.get(0);
        String dateEdited = referrals.get(1);
        List<String> agreeing = referrals.subList(2, 4);
        crm.update(EntitySet.OPPORTUNITIES, opportunity(valueEdited).id(),
                JSON.createObjectNode().put("estimatedvalue", 61000), Optional.empty());
        crm.update(EntitySet.OPPORTUNITIES, opportunity(dateEdited).id(),
                JSON.createObjectNode().put("estimatedclosedate", "2027-09-30"), Optional.empty());
        String table = "migration-apply-it-" + UUID.randomUUID();
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), table);
        DynamoDbSyncStateStore state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), table);
        Instant readAt = Instant.now();
        MigrationPlan plan = new MigrationPlanner(crm, partnerCenter, state, CONFIG, JSON, Clock.systemUTC())
                .plan(line -> { });
        assertThat(plan.differing()).extracting(PairPlan::referralId).containsExactlyInAnyOrder(valueEdited, dateEdited);
        assertThat(plan.agreeing()).extracting(PairPlan::referralId).containsAll(agreeing);
        Map<String, String> referralVersions = referralVersions(referrals);
        Map<String, String> recordVersions = recordVersions(agreeing);
        String queueUrl = elasticMq.queueUrl("migration");
        MigrationApply apply = new MigrationApply(crm, state, new SqsSyncQueue(sqs, queueUrl, JSON),
                CrmPollSettings.defaults(), Duration.ofMinutes(5), Clock.systemUTC());

        // when
        MigrationApply.Report report = apply.apply(plan, Prefer.CRM, readAt, line -> { });
        List<SyncMessage> queued = QueueDrain.drain(sqs, queueUrl);
        OpportunityOutboundSync outbound = new OpportunityOutboundSync(crm, partnerCenter, state, CONFIG,
                Clock.systemUTC(), JSON);
        List<OutboundResult> results = queued.stream().map(message -> outbound.sync(message.crmRecord())).toList();

        // then the differing pairs are linked and one CRM → Partner Center sync each sends the seller's values
        assertThat(report.settled()).containsExactlyInAnyOrder(valueEdited, dateEdited);
        assertThat(report.linked()).containsAll(agreeing).doesNotContain(valueEdited, dateEdited);
        assertThat(report.leftDiffering()).isEmpty();
        assertThat(report.refused()).isEmpty();
        assertThat(queued).allMatch(message -> message.direction() == SyncDirection.CRM_TO_PC)
                .extracting(SyncMessage::referralId).containsExactlyInAnyOrder(valueEdited, dateEdited);
        assertThat(results).allSatisfy(result ->
                assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED));
        assertThat(partnerCenter.get(valueEdited).details().dealValue()).isEqualByComparingTo("61000");
        assertThat(partnerCenter.get(dateEdited).details().closingDateTime()).isEqualTo("2027-09-30T00:00:00Z");
        assertThat(partnerCenter.get(dateEdited).details().dealValue()).isEqualByComparingTo("50000");
        assertThat(opportunity(valueEdited).fields().path("estimatedvalue").decimalValue()).isEqualByComparingTo("61000");
        assertThat(outbound.sync(opportunity(valueEdited).ref()).outcome()).isEqualTo(OutboundOutcome.NO_CHANGE);
        // and the agreeing pairs got no write on either side
        Map<String, String> after = referralVersions(referrals);
        agreeing.forEach(id -> assertThat(after.get(id)).as(id).isEqualTo(referralVersions.get(id)));
        assertThat(recordVersions(agreeing)).isEqualTo(recordVersions);
        // and a second run does nothing
        MigrationApply.Report again = apply.apply(new MigrationPlanner(crm, partnerCenter, state, CONFIG, JSON,
                Clock.systemUTC()).plan(line -> { }), Prefer.CRM, Instant.now(), line -> { });
        assertThat(again.linked()).isEmpty();
        assertThat(again.settled()).isEmpty();
        assertThat(again.cursorsSet()).isFalse();
        assertThat(QueueDrain.drain(sqs, queueUrl)).isEmpty();
    }

    @Test
    void anApplyInterruptedMidwayContinuesWhereItStoppedOnTheNextRun() throws Exception {
        // given three referrals synced into the CRM, an empty state table, and a run that dies at its second link
        ReferralInboundSync inbound = new ReferralInboundSync(partnerCenter, crm, world.state(), CONFIG,
                Clock.systemUTC(), JSON);
        List<String> referrals = List.of(accepted("Contoso"), accepted("Northwind"), accepted("Woodgrove"));
        referrals.forEach(id -> assertThat(inbound.sync(id).outcome()).isEqualTo(InboundOutcome.CREATED));
        String table = "migration-apply-it-" + UUID.randomUUID();
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), table);
        DynamoDbSyncStateStore state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), table);
        MigrationPlan plan = new MigrationPlanner(crm, partnerCenter, state, CONFIG, JSON, Clock.systemUTC())
                .plan(line -> { });
        List<String> agreeing = plan.agreeing().stream().map(PairPlan::referralId).toList();
        assertThat(agreeing).containsAll(referrals);
        SqsSyncQueue queue = new SqsSyncQueue(sqs, elasticMq.queueUrl("migration"), JSON);
        MigrationApply dying = new MigrationApply(crm, diesAtSecondLink(state), queue, CrmPollSettings.defaults(),
                Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(() -> dying.apply(plan, Prefer.REPORT_ONLY, Instant.now(), line -> { }))
                .hasMessageContaining("timed out");
        assertThat(MigrationMarker.appliedAt(state)).isEmpty();

        // when the admin runs it again
        MigrationApply.Report resumed = new MigrationApply(crm, state, queue, CrmPollSettings.defaults(),
                Duration.ofMinutes(5), Clock.systemUTC()).apply(plan, Prefer.REPORT_ONLY, Instant.now(), line -> { });

        // then the pair linked before the interruption is kept, the others are linked now, and syncing is turned on
        assertThat(resumed.alreadyLinked()).containsExactly(agreeing.getFirst());
        assertThat(resumed.linked()).containsExactlyElementsOf(agreeing.subList(1, agreeing.size()));
        assertThat(resumed.refused()).isEmpty();
        assertThat(resumed.cursorsSet()).isTrue();
        assertThat(MigrationMarker.appliedAt(state)).isPresent();
        referrals.forEach(id -> assertThat(state.linkByReferral(id)).as(id).isPresent());
    }

    @Test
    void aSettlingSyncThatAnInterruptedRunDidNotQueueIsQueuedByTheNextRun() {
        // given a referral synced into the CRM, its deal value since edited by the seller, an empty state table, and
        // a run whose queue is unreachable
        ReferralInboundSync inbound = new ReferralInboundSync(partnerCenter, crm, world.state(), CONFIG,
                Clock.systemUTC(), JSON);
        String edited = accepted("Proseware");
        assertThat(inbound.sync(edited).outcome()).isEqualTo(InboundOutcome.CREATED);
        crm.update(EntitySet.OPPORTUNITIES, opportunity(edited).id(),
                JSON.createObjectNode().put("estimatedvalue", 72000), Optional.empty());
        String table = "migration-apply-it-" + UUID.randomUUID();
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), table);
        DynamoDbSyncStateStore state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), table);
        MigrationPlan plan = new MigrationPlanner(crm, partnerCenter, state, CONFIG, JSON, Clock.systemUTC())
                .plan(line -> { });
        assertThat(plan.differing()).extracting(PairPlan::referralId).contains(edited);
        String queueUrl = elasticMq.queueUrl("migration");
        MigrationApply unreachable = new MigrationApply(crm, state, message -> {
            throw new IllegalStateException("the sync queue is unreachable");
        }, CrmPollSettings.defaults(), Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(() -> unreachable.apply(plan, Prefer.CRM, Instant.now(), line -> { }))
                .hasMessageContaining("unreachable");
        MigrationApply apply = new MigrationApply(crm, state, new SqsSyncQueue(sqs, queueUrl, JSON),
                CrmPollSettings.defaults(), Duration.ofMinutes(5), Clock.systemUTC());

        // when the admin runs it again
        MigrationApply.Report resumed = apply.apply(plan, Prefer.CRM, Instant.now(), line -> { });
        List<SyncMessage> queued = QueueDrain.drain(sqs, queueUrl);

        // then the pair the first run linked gets its settling sync, which sends the seller's value
        assertThat(resumed.alreadyLinked()).contains(edited);
        assertThat(queued).extracting(SyncMessage::referralId).containsExactly(edited);
        OutboundResult result = new OpportunityOutboundSync(crm, partnerCenter, state, CONFIG, Clock.systemUTC(), JSON)
                .sync(queued.getFirst().crmRecord());
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        assertThat(partnerCenter.get(edited).details().dealValue()).isEqualByComparingTo("72000");
        // and a third run queues it no more
        apply.apply(plan, Prefer.CRM, Instant.now(), line -> { });
        assertThat(QueueDrain.drain(sqs, queueUrl)).isEmpty();
    }

    /** The store as a run sees it that dies (e.g. at the function's timeout) while it writes its second link. */
    private static SyncStateStore diesAtSecondLink(SyncStateStore store) {
        AtomicInteger links = new AtomicInteger();
        return (SyncStateStore) Proxy.newProxyInstance(SyncStateStore.class.getClassLoader(),
                new Class<?>[] {SyncStateStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("link") && links.incrementAndGet() == 2) {
                        throw new IllegalStateException("the run timed out");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Microsoft shares an accepted referral (deal value 50,000 EUR, closing 2027-03-31). */
    private static String accepted(String company) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return control(world.partnerCenterEmulator(), """
                {"status": "Active", "substatus": "Accepted",
                 "customerProfile": {"name": "%s %s", "address": {"city": "Cork", "postalCode": "T12 %s", "country": "IE"},
                                     "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife.%s@customer.example"}]},
                 "details": {"dealValue": 50000, "currency": "EUR", "closingDateTime": "2027-03-31T00:00:00Z"}}"""
                .formatted(company, suffix, suffix.substring(0, 4), suffix)).path("id").asText();
    }

    private record Opportunity(UUID id, JsonNode fields, String etag) {

        CrmRecordRef ref() {
            return new CrmRecordRef(EntitySet.OPPORTUNITIES.name(), id.toString());
        }
    }

    private static Opportunity opportunity(String referralId) {
        CrmRecord row = crm.findByAlternateKey(EntitySet.OPPORTUNITIES, CONFIG.connectorColumns().referralId(),
                referralId, List.of()).orElseThrow();
        return new Opportunity(row.id(), row.fields(), row.etag());
    }

    private static Map<String, String> referralVersions(List<String> ids) {
        Map<String, String> versions = new HashMap<>();
        ids.forEach(id -> versions.put(id, partnerCenter.get(id).eTag()));
        return versions;
    }

    private static Map<String, String> recordVersions(List<String> ids) {
        Map<String, String> versions = new HashMap<>();
        ids.forEach(id -> versions.put(id, opportunity(id).etag()));
        return versions;
    }

    private static JsonNode control(PartnerCenterEmulator emulator, String body) {
        try {
            HttpResponse<String> response = CONTROL.send(HttpRequest.newBuilder(
                            URI.create(emulator.baseUri() + "/_sandbox/microsoft/referrals"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isLessThan(300);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
