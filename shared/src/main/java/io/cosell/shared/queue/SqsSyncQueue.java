package io.cosell.shared.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.vocabulary.SyncMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.util.Map;

/**
 * The sync queue on an SQS standard queue (at-least-once; the mapper dedupes). The body is the message's JSON; the
 * attributes {@value #DIRECTION_ATTRIBUTE} and {@value #EVENT_ATTRIBUTE} let consumers and metrics filter without
 * parsing it.
 */
public final class SqsSyncQueue implements SyncQueue {

    public static final String DIRECTION_ATTRIBUTE = "direction";
    public static final String EVENT_ATTRIBUTE = "eventName";

    /** SQS's largest per-message delay. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final String queueUrl;
    private final ObjectMapper json;

    public SqsSyncQueue(SqsClient sqs, String queueUrl, ObjectMapper json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.json = json;
    }

    @Override
    public void send(SyncMessage message) {
        sendLater(message, Duration.ZERO);
    }

    @Override
    public void sendLater(SyncMessage message, Duration delay) {
        int seconds = (int) Math.min(MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .delaySeconds(seconds)
                .messageBody(message.toJson(json))
                .messageAttributes(Map.of(
                        DIRECTION_ATTRIBUTE, text(message.direction().name()),
                        EVENT_ATTRIBUTE, text(message.eventName()))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
