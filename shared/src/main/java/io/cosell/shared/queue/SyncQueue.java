package io.cosell.shared.queue;

import io.cosell.shared.vocabulary.SyncMessage;

/** Where changes wait to be synced. */
public interface SyncQueue {

    void send(SyncMessage message);

    /**
     * Sends the message so that it becomes visible only after {@code delay} (SQS: at most 15 minutes). A queue that
     * cannot delay refuses rather than deliver early.
     */
    default void sendLater(SyncMessage message, java.time.Duration delay) {
        throw new UnsupportedOperationException("this sync queue cannot delay a message");
    }
}
