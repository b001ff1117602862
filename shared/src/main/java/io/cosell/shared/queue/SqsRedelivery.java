package io.cosell.shared.queue;

import io.cosell.shared.usecase.Redelivery;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/**
 * Backs a failed message off by changing its visibility timeout (SQS {@code ChangeMessageVisibility}, counted from
 * now). The event source mapping leaves a message reported in {@code batchItemFailures} on the queue until its
 * visibility ends; without this call that is the queue's whole visibility timeout, however transient the failure.
 * When the call fails the queue's own timeout applies, so nothing is lost.
 */
public final class SqsRedelivery implements Redelivery {

    private static final System.Logger LOG = System.getLogger(SqsRedelivery.class.getName());

    private final SqsClient sqs;
    private final String syncQueueUrl;
    private final RetryBackoff backoff;

    public SqsRedelivery(SqsClient sqs, String syncQueueUrl, RetryBackoff backoff) {
        this.sqs = sqs;
        this.syncQueueUrl = syncQueueUrl;
        this.backoff = backoff;
    }

    @Override
    public void backOff(String receiptHandle, int receiveCount) {
        if (receiptHandle == null || receiptHandle.isBlank()) {
            return;
        }
        Duration wait = backoff.after(receiveCount);
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(syncQueueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) wait.toSeconds()));
        } catch (SdkException e) {
            LOG.log(System.Logger.Level.WARNING, "could not back the message off for {0} s, the queue''s visibility "
                    + "timeout applies: {1}", wait.toSeconds(), e.getMessage());
        }
    }
}
