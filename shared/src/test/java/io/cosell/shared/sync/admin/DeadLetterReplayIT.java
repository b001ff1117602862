package io.cosell.shared.sync.admin;

import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.queue.SqsDeadLetterQueue;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.testsupport.QueueDrain;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.usecase.AdminReport;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replaying dead letters against ElasticMQ: a message the mapper gave up on (moved to the dead-letter queue by the
 * redrive policy) goes back to the sync queue with its body and attributes, all of them or one referral's, and the
 * others stay on the dead-letter queue.
 */
class DeadLetterReplayIT {

    private static final String QUEUE = "replay-sync";
    private static final String DLQ = "replay-sync-dlq";
    private static final String REFERRAL_A = "8d3e4f5a-6b7c-4d8e-9f00-1a2b3c4d5e6f";
    private static final String REFERRAL_B = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static String queueUrl;
    private static String dlqUrl;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, DLQ, 1, 1)));
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        queueUrl = elasticMq.queueUrl(QUEUE);
        dlqUrl = elasticMq.queueUrl(DLQ);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    @BeforeEach
    void emptyQueues() {
        QueueDrain.drain(sqs, queueUrl);
        drainRaw(dlqUrl);
    }

    private static SyncMessage inbound(String referralId) {
        return new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-updated", Instant.EPOCH,
                "referral-updated#" + referralId);
    }

    /** Dead-letters a message the way SQS does: received once (maxReceiveCount 1) and not deleted. */
    private static void deadLetter(SyncMessage message) {
        new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER).send(message);
        Message received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5).visibilityTimeout(1))
                .messages().getFirst();
        assertThat(received.body()).contains(message.dedupeKey());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1).visibilityTimeout(0)).messages().isEmpty()
                        && dlqCount() >= 1);
    }

    private static int dlqCount() {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                .get("ApproximateNumberOfMessages"));
    }

    private static List<Message> drainRaw(String url) {
        List<Message> all = new java.util.ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return all;
            }
            batch.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
            all.addAll(batch);
        }
    }

    private static DeadLetterRedrive replay() {
        return new DeadLetterRedrive(new SqsDeadLetterQueue(sqs, dlqUrl, queueUrl, TestJson.MAPPER));
    }

    @Test
    void a_dead_lettered_message_goes_back_to_the_sync_queue_with_its_attributes() {
        // given
        deadLetter(inbound(REFERRAL_A));

        // when
        AdminReport report = replay().replay(Optional.empty());

        // then
        assertThat(report.queued()).containsExactly("PC_TO_CRM referral " + REFERRAL_A + " (referral-updated)");
        assertThat(report.left()).isZero();
        List<Message> back = drainRaw(queueUrl);
        assertThat(back).singleElement().satisfies(message -> {
            assertThat(SyncMessage.fromJson(TestJson.MAPPER, message.body())).isEqualTo(inbound(REFERRAL_A));
            assertThat(message.messageAttributes().get(SqsSyncQueue.DIRECTION_ATTRIBUTE).stringValue())
                    .isEqualTo("PC_TO_CRM");
        });
        assertThat(drainRaw(dlqUrl)).isEmpty();
    }

    @Test
    void a_replay_for_one_referral_moves_only_its_messages_and_the_others_stay() {
        // given two of referral A (one inbound, one outbound), one of B and one that is not a sync message
        SyncMessage outboundA = new SyncMessage(SyncDirection.CRM_TO_PC, REFERRAL_A,
                new CrmRecordRef("opportunities", "0f8fad5b-d9cb-469f-a165-70867728950e"), "crm-opportunity-changed",
                Instant.EPOCH, "crm-opportunity#0f8fad5b");
        sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody(inbound(REFERRAL_A).toJson(TestJson.MAPPER)));
        sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody(outboundA.toJson(TestJson.MAPPER)));
        sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody(inbound(REFERRAL_B).toJson(TestJson.MAPPER)));
        sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody("{\"not\":\"a sync message\"}"));

        // when
        AdminReport report = replay().replay(Optional.of(REFERRAL_A));

        // then
        assertThat(report.queued()).hasSize(2);
        assertThat(report.left()).isEqualTo(2);
        assertThat(report.message()).isEqualTo("moved 2 dead letter(s) back to the sync queue (referral " + REFERRAL_A
                + "); 2 left on the dead-letter queue");
        assertThat(QueueDrain.drain(sqs, queueUrl)).containsExactlyInAnyOrder(inbound(REFERRAL_A), outboundA);
        // the ones kept are visible again at once, not after the time they were hidden for
        assertThat(drainRaw(dlqUrl)).extracting(Message::body)
                .containsExactlyInAnyOrder(inbound(REFERRAL_B).toJson(TestJson.MAPPER), "{\"not\":\"a sync message\"}");
    }
}
