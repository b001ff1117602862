package io.cosell.shared.queue;

/** Where changes wait to be synced. */
public interface SyncQueue {

    void send(SyncMessage message);
}
