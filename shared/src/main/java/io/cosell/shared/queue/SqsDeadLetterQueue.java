package io.cosell.shared.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.vocabulary.SyncMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link DeadLetterQueue} on SQS. Receives the dead letters in batches; a selected one is sent to the sync queue and
 * only then deleted from the dead-letter queue (a crash in between leaves a copy on both: the mapper syncs the
 * current state, so a repeat is harmless). The others stay invisible until every dead letter was looked at, so none
 * is looked at twice, and are then made visible again at once.
 */
public final class SqsDeadLetterQueue implements DeadLetterQueue {

    /** Long enough to look at every dead letter once; the ones kept are made visible again right after. */
    private static final int HIDE_SECONDS = 120;
    private static final int WAIT_SECONDS = 1;

    private final SqsClient sqs;
    private final String deadLetterQueueUrl;
    private final String syncQueueUrl;
    private final ObjectMapper json;

    public SqsDeadLetterQueue(SqsClient sqs, String deadLetterQueueUrl, String syncQueueUrl, ObjectMapper json) {
        this.sqs = sqs;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.syncQueueUrl = syncQueueUrl;
        this.json = json;
    }

    @Override
    public Moved moveBack(Predicate<SyncMessage> select) {
        List<SyncMessage> moved = new ArrayList<>();
        List<Message> kept = new ArrayList<>();
        try {
            while (true) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(WAIT_SECONDS).visibilityTimeout(HIDE_SECONDS)
                        .messageAttributeNames("All")).messages();
                if (batch.isEmpty()) {
                    return new Moved(moved, kept.size());
                }
                for (Message message : batch) {
                    Optional<SyncMessage> parsed = parse(message.body());
                    if (parsed.isPresent() && select.test(parsed.get())) {
                        sqs.sendMessage(b -> b.queueUrl(syncQueueUrl).messageBody(message.body())
                                .messageAttributes(message.messageAttributes()));
                        sqs.deleteMessage(b -> b.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
                        moved.add(parsed.get());
                    } else {
                        kept.add(message);
                    }
                }
            }
        } finally {
            kept.forEach(message -> sqs.changeMessageVisibility(b -> b.queueUrl(deadLetterQueueUrl)
                    .receiptHandle(message.receiptHandle()).visibilityTimeout(0)));
        }
    }

    private Optional<SyncMessage> parse(String body) {
        try {
            return Optional.of(SyncMessage.fromJson(json, body));
        } catch (IllegalArgumentException notASyncMessage) {
            return Optional.empty();
        }
    }
}
