package io.cosell.functions.mapper;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.Redelivery;
import io.cosell.shared.usecase.SyncLanes;
import io.cosell.shared.usecase.SyncMessageHandler;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * One record of an SQS batch in, one {@link SyncMessageHandler} call. Funqy's advanced event handling hands each
 * record of the batch to this function on its own, waits for every record's answer and lists every record whose
 * answer failed (a body that is not JSON, a failed sync) in {@code batchItemFailures}; the queue redelivers those
 * after a backoff that grows with each receive ({@link Redelivery}) and, after its maxReceiveCount, moves them to the
 * dead-letter queue. The event source mapping must enable {@code ReportBatchItemFailures}. The answer is asynchronous
 * so that the records of a batch sync at the same time, one after another per referral ({@link SyncLanes}).
 * A body that is not the connector's message (not JSON, or JSON that is not a sync message) is treated the same
 * way, as AWS's partial-batch guidance recommends: reported, logged with its reason on every receive, and kept in
 * the dead-letter queue for inspection or replay; never acknowledged silently, never failing the whole batch.
 */
public class MapperFunction {

    private static final Logger LOG = Logger.getLogger(MapperFunction.class);
    /**
     * Every record's answer is emitted on this one thread: Funqy 3.34's {@code EventErrorHandler} adds each failed
     * record to a plain {@code ArrayList} on the thread that emits its answer, so two records failing at once on
     * their own threads could lose one from {@code batchItemFailures}, and the queue would delete a message that was
     * never synced.
     */
    private static final Executor ANSWERS =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mapper-answers").factory());

    @Inject
    SyncMessageHandler syncMessages;

    @Inject
    SyncLanes lanes;

    @Inject
    InvocationDeadline invocationDeadline;

    @Inject
    Redelivery redelivery;

    @Inject
    ObjectMapper json;

    @Funq("mapper")
    public Uni<Void> map(SQSMessage message) {
        return Uni.createFrom().completionStage(() -> lanes.submit(message.getBody(), () -> sync(message)))
                .emitOn(ANSWERS);
    }

    private void sync(SQSMessage message) {
        Deadline deadline = invocationDeadline.startRecord();
        try {
            requireJson(message.getBody());
            syncMessages.handle(message.getBody(), receiveCount(message));
        } catch (RuntimeException e) {
            LOG.warnf("message %s (receive %s) is reported as failed, stays on the queue and moves to the "
                            + "dead-letter queue after maxReceiveCount receives (record deadline %s): %s",
                    message.getMessageId(), receiveCount(message), deadline.at(), e.getMessage());
            redelivery.backOff(message.getReceiptHandle(), receiveCount(message));
            throw e;
        }
    }

    /** SQS's {@code ApproximateReceiveCount}: 1 on the first delivery. */
    private static int receiveCount(SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException notANumber) {
            return 1;
        }
    }

    private void requireJson(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("not a connector message: the body is empty");
        }
        try {
            json.readTree(body);
        } catch (JsonProcessingException notJson) {
            throw new IllegalArgumentException("not a connector message: the body is not JSON ("
                    + notJson.getOriginalMessage() + ")", notJson);
        }
    }
}
