package io.cosell.shared.sync;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Stands in until sync exists: fails every message, so nothing is acknowledged without being processed. */
@DefaultBean
@ApplicationScoped
public class UnconfiguredSyncMessageHandler implements SyncMessageHandler {

    @Override
    public void handle(String messageBody) {
        throw new IllegalStateException("sync is not configured yet");
    }
}
