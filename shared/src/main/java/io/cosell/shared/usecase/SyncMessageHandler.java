package io.cosell.shared.usecase;



/** Processes one message from the sync queue; throws when it could not, so the message is retried. */
public interface SyncMessageHandler {

    void handle(String messageBody);

    /**
     * The same, knowing how often the queue has delivered the message (SQS {@code ApproximateReceiveCount}), so a
     * failure on the last delivery before the dead-letter queue can be counted.
     */
    default void handle(String messageBody, int receiveCount) {
        handle(messageBody);
    }
}
