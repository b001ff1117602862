package io.cosell.shared.usecase;

/**
 * Hands a message whose handling failed back to its queue to wait before the next delivery: the more often it has
 * been received, the longer it waits, so a transient failure is retried within seconds and a lasting one is not
 * retried into the dead-letter queue within minutes.
 */
public interface Redelivery {

    /**
     * @param receiptHandle the handle of this delivery of the message
     * @param receiveCount  how often the queue has delivered it (SQS {@code ApproximateReceiveCount}, 1 the first time)
     */
    void backOff(String receiptHandle, int receiveCount);
}
