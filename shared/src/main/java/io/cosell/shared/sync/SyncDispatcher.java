package io.cosell.shared.sync;

import io.cosell.shared.queue.SyncMessage;
import io.cosell.shared.sync.inbound.InboundResult;
import io.cosell.shared.sync.inbound.InboundSync;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;

/**
 * One sync-queue message in, one use case out: Partner Center → CRM messages run the inbound sync. Every result is
 * logged as one {@code sync: } line (the sandbox prints these). A result that a retry can fix throws
 * {@link RetryLaterException}, so the queue delivers the message again after its visibility timeout (and moves it to
 * the dead-letter queue after too many tries); anything else is acknowledged.
 */
@ApplicationScoped
public class SyncDispatcher implements SyncMessageHandler {

    private static final System.Logger LOG = System.getLogger(SyncDispatcher.class.getName());

    private static final List<Duration> CONTENTION_WAITS = List.of(Duration.ofMillis(200), Duration.ofMillis(600));

    private final InboundSync inbound;

    @Inject
    public SyncDispatcher(InboundSync inbound) {
        this.inbound = inbound;
    }

    @Override
    public void handle(String messageBody) {
        SyncMessage message = SyncMessage.fromJson(messageBody);
        switch (message.direction()) {
            case PC_TO_CRM -> report(syncSoonAfterContention(requireReferralId(message)));
            case CRM_TO_PC -> throw new UnsupportedOperationException(
                    "CRM → Partner Center sync is not built yet; message left for the dead-letter queue: " + messageBody);
        }
    }

    /**
     * Another worker holding the referral (e.g. its created and updated events arriving together) usually finishes
     * within a fraction of a second: wait briefly and try again before handing the message back to the queue, whose
     * visibility timeout is far longer.
     */
    private InboundResult syncSoonAfterContention(String referralId) {
        InboundResult result = inbound.sync(referralId);
        for (Duration wait : CONTENTION_WAITS) {
            if (!result.retryLater()) {
                return result;
            }
            sleep(wait);
            result = inbound.sync(referralId);
        }
        return result;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String requireReferralId(SyncMessage message) {
        if (message.referralId() == null || message.referralId().isBlank()) {
            throw new IllegalArgumentException("a Partner Center → CRM message needs a referral id: " + message);
        }
        return message.referralId();
    }

    private static void report(InboundResult result) {
        String record = result.record().map(r -> r.entitySet() + "(" + r.id() + ")").orElse("no CRM record");
        String line = "sync: referral " + result.referralId() + " → " + record + " · Partner Center → CRM · "
                + result.outcome() + " in " + result.took().toMillis() + " ms · " + result.message();
        if (result.retryLater()) {
            LOG.log(System.Logger.Level.WARNING, line);
            throw new RetryLaterException(line);
        }
        LOG.log(System.Logger.Level.INFO, line);
    }
}
