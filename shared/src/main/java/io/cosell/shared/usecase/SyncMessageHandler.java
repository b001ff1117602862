package io.cosell.shared.usecase;



/** Processes one message from the sync queue; throws when it could not, so the message is retried. */
public interface SyncMessageHandler {

    void handle(String messageBody);
}
