package io.cosell.shared.queue;

import io.cosell.shared.testsupport.TestJson;
import io.cosell.sandbox.aws.ElasticMqServer.QueueSpec;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SqsSyncQueueIT {

    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static SqsSyncQueue queue;

    @BeforeAll
    static void startElasticMq() {
        elasticMq = ElasticMqServer.start(0, List.of(new QueueSpec("sync", "sync-dlq", 3, 1)));
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        queue = new SqsSyncQueue(sqs, elasticMq.queueUrl("sync"), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    private static SyncMessage message(String dedupeKey) {
        return new SyncMessage(SyncDirection.PC_TO_CRM, "3f1c2a9e-7b4d-4e21-9c55-0d8a6e2b4f10",
                new CrmRecordRef("opportunities", "8c0f6d1e-55aa-ee11-be37-000d3a1b2c3d"), "referral-updated",
                Instant.parse("2025-03-05T14:02:10.7654321Z"), dedupeKey);
    }

    /** One receive call (waiting up to a second); only messages of this test, identified by dedupe key. */
    private static Optional<Message> receiveOne(String queueName, String dedupeKey) {
        return sqs.receiveMessage(b -> b.queueUrl(elasticMq.queueUrl(queueName))
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageAttributeNames("All"))
                .messages().stream()
                .filter(m -> SyncMessage.fromJson(TestJson.MAPPER, m.body()).dedupeKey().equals(dedupeKey))
                .findFirst();
    }

    @Test
    void sent_message_arrives_with_its_body_and_attributes() {
        // given
        SyncMessage sent = message(UUID.randomUUID().toString());

        // when
        queue.send(sent);

        // then
        Message received = await().atMost(Duration.ofSeconds(10)).until(() -> receiveOne("sync", sent.dedupeKey()),
                Optional::isPresent).orElseThrow();
        assertThat(SyncMessage.fromJson(TestJson.MAPPER, received.body())).isEqualTo(sent);
        assertThat(received.messageAttributes())
                .extractingByKeys(SqsSyncQueue.DIRECTION_ATTRIBUTE, SqsSyncQueue.EVENT_ATTRIBUTE)
                .extracting(MessageAttributeValue::stringValue)
                .containsExactly("PC_TO_CRM", "referral-updated");
        sqs.deleteMessage(b -> b.queueUrl(elasticMq.queueUrl("sync")).receiptHandle(received.receiptHandle()));
    }

    @Test
    void message_received_three_times_without_deletion_moves_to_the_dead_letter_queue() {
        // given
        SyncMessage sent = message(UUID.randomUUID().toString());
        queue.send(sent);
        AtomicInteger receives = new AtomicInteger();

        // when consumers keep failing (receive, never delete; visibility timeout 1 s)
        Message dead = await().atMost(Duration.ofSeconds(30)).until(() -> {
            receiveOne("sync", sent.dedupeKey()).ifPresent(m -> receives.incrementAndGet());
            return receiveOne("sync-dlq", sent.dedupeKey());
        }, Optional::isPresent).orElseThrow();

        // then
        assertThat(receives).hasValue(3);
        assertThat(SyncMessage.fromJson(TestJson.MAPPER, dead.body())).isEqualTo(sent);
    }
}
