package io.cosell.shared.queue;

import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.sandbox.aws.ElasticMqServer.QueueSpec;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/** A failed message backed off on ElasticMQ comes round after its backoff, not after the queue's visibility timeout. */
class SqsRedeliveryIT {

    /** Far longer than any wait below: a message seen again within the test was backed off, not timed out. */
    private static final int VISIBILITY_SECONDS = 120;

    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static String queueUrl;
    private static SqsRedelivery redelivery;

    @BeforeAll
    static void startElasticMq() {
        elasticMq = ElasticMqServer.start(0, List.of(new QueueSpec("sync", "sync-dlq", 5, VISIBILITY_SECONDS)));
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        queueUrl = elasticMq.queueUrl("sync");
        redelivery = new SqsRedelivery(sqs, queueUrl, new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    @Test
    void a_failed_message_comes_round_after_its_backoff_which_grows_with_each_receive() {
        // given a message received once and failed
        String body = "{\"test\":\"" + UUID.randomUUID() + "\"}";
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        Message first = receiveAgain(body, Duration.ofSeconds(10));

        // when it is backed off after its first receive (1 s)
        long backedOff = System.nanoTime();
        redelivery.backOff(first.receiptHandle(), 1);

        // then it is delivered again long before the queue's visibility timeout
        Message second = receiveAgain(body, Duration.ofSeconds(15));
        assertThat(second.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");

        // when the second receive fails too (4 s)
        long secondBackedOff = System.nanoTime();
        redelivery.backOff(second.receiptHandle(), 2);

        // then it waits longer than the first time, and still comes round
        receiveAgain(body, Duration.ofSeconds(20));
        Duration firstWait = Duration.ofNanos(secondBackedOff - backedOff);
        Duration secondWait = Duration.ofNanos(System.nanoTime() - secondBackedOff);
        assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(3_500)).isGreaterThan(firstWait);
    }

    @Test
    void a_handle_the_queue_does_not_know_leaves_the_visibility_timeout_in_charge_and_throws_nothing() {
        // when / then
        assertThatCode(() -> redelivery.backOff("not-a-receipt-handle", 1)).doesNotThrowAnyException();
        assertThatCode(() -> redelivery.backOff(null, 1)).doesNotThrowAnyException();
    }

    /** Receives until the message with this body arrives (other tests' messages are left alone). */
    private static Message receiveAgain(String body, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> receive(body), Optional::isPresent)
                .orElseThrow();
    }

    private static Optional<Message> receive(String body) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount"))
                .messages().stream().filter(m -> m.body().equals(body)).findFirst();
    }
}
