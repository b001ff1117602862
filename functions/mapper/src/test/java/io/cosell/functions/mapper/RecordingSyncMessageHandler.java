package io.cosell.functions.mapper;

import io.cosell.shared.usecase.SyncMessageHandler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double that replaces the sync dispatcher: records each body and fails those that mention "unmappable". */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingSyncMessageHandler implements SyncMessageHandler {

    private final List<String> handled = new CopyOnWriteArrayList<>();

    @Override
    public void handle(String messageBody) {
        handled.add(messageBody);
        if (messageBody.contains("unmappable")) {
            throw new IllegalStateException("cannot map this message");
        }
    }

    List<String> handled() {
        return List.copyOf(handled);
    }
}
