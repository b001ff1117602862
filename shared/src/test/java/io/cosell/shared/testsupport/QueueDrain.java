package io.cosell.shared.testsupport;

import io.cosell.shared.vocabulary.SyncMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;

/** Receives and deletes every sync message on a queue, until a receive comes back empty. */
public final class QueueDrain {

    private QueueDrain() {
    }

    public static List<SyncMessage> drain(SqsClient sqs, String queueUrl) {
        List<SyncMessage> messages = new ArrayList<>();
        while (true) {
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (received.isEmpty()) {
                return messages;
            }
            for (Message message : received) {
                messages.add(SyncMessage.fromJson(TestJson.MAPPER, message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }
}
