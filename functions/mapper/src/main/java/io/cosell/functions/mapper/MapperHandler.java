package io.cosell.functions.mapper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.usecase.SyncMessageHandler;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQS batch in, partial batch failures out: each record is handed to the {@link SyncMessageHandler} on its own.
 * A record whose body is not JSON, or whose handling throws, is listed in {@code batchItemFailures}; the queue
 * redelivers it and, after its maxReceiveCount, moves it to the dead-letter queue, so nothing loops forever.
 * The event source mapping must enable {@code ReportBatchItemFailures}.
 */
public class MapperHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = Logger.getLogger(MapperHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SyncMessageHandler syncMessages;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            try {
                requireJson(message.getBody());
                syncMessages.handle(message.getBody());
            } catch (RuntimeException | IOException e) {
                LOG.warnf("message %s failed and stays on the queue: %s", message.getMessageId(), e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static void requireJson(String body) throws IOException {
        if (body == null) {
            throw new IOException("message has no body");
        }
        JSON.readTree(body);
    }
}
