package io.cosell.shared.queue;

import io.cosell.shared.vocabulary.SyncMessage;

/** Where changes wait to be synced. */
public interface SyncQueue {

    void send(SyncMessage message);
}
