package io.cosell.shared.sync.reconcile;

import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.state.SyncCursor;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.testsupport.QueueDrain;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.usecase.ReconcileResult;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler against the Partner Center emulator (the list query as documented), DynamoDB Local (cursor,
 * lease, links, snapshots) and ElasticMQ: with a page size of 2, every referral Microsoft shared is found, those the
 * CRM already has are skipped, and the rest are on the queue.
 */
class ReferralReconcilerIT {

    private static SyncTestWorld world;
    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static String queueUrl;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start("reconciler-it", RetryPolicy.defaults());
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec("reconcile", "reconcile-dlq", 5, 30)));
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        queueUrl = elasticMq.queueUrl("reconcile");
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
        world.close();
    }

    @Test
    void every_referral_updated_since_the_cursor_is_found_across_pages_and_only_the_unsynced_are_queued() {
        // given six referrals shared by Microsoft, two of them already in the CRM at their current eTag
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.addAll(world.partnerCenterEmulator().seed());
        }
        for (String id : ids.subList(0, 2)) {
            world.state().link(id, new CrmRecordRef("leads", java.util.UUID.randomUUID().toString()));
            world.state().saveSnapshot(new SyncSnapshot(id, Map.of(), Map.of(),
                    world.partnerCenter().get(id).eTag(), null, null, 0));
        }
        ReferralReconciler reconciler = new ReferralReconciler(world.partnerCenter(), world.state(),
                new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER), new ReconcilerSettings(Duration.ofMinutes(2),
                Duration.ofSeconds(45), Duration.ofMinutes(5), Duration.ofDays(1), 2, 5000, Duration.ofHours(1),
                Duration.ofMinutes(15)), Clock.systemUTC());

        // when
        ReconcileResult result = reconciler.reconcile(Instant.now());

        // then
        assertThat(QueueDrain.drain(sqs, queueUrl)).extracting(SyncMessage::referralId)
                .containsAll(ids.subList(2, 6))
                .doesNotContainAnyElementsOf(ids.subList(0, 2));
        assertThat(result.inSync()).isGreaterThanOrEqualTo(2);
        assertThat(world.state().cursor(ReferralReconciler.CURSOR)).map(SyncCursor::version).contains(1L);
    }
}
