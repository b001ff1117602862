package io.cosell.shared.sync.reconcile;

import io.cosell.shared.state.PendingRetry;
import io.cosell.shared.state.PendingRetryLog;
import io.cosell.shared.sync.inbound.InboundResult;
import io.cosell.shared.sync.inbound.InboundSync;
import io.cosell.shared.sync.outbound.OutboundResult;
import io.cosell.shared.sync.outbound.OutboundSync;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;

import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * Wraps the inbound and outbound syncs so that the {@link PendingRetryLog} knows which syncs last ended in a
 * retryable failure (RETRY_LATER): recorded then, cleared by any other ending. The reconciler queues those again
 * once the queue has given up on them. Failing to write the log never changes the sync's result.
 */
public final class PendingRetryRecorder {

    private static final System.Logger LOG = System.getLogger(PendingRetryRecorder.class.getName());

    private final PendingRetryLog log;
    private final Clock clock;

    public PendingRetryRecorder(PendingRetryLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public InboundSync inbound(InboundSync sync) {
        return referralId -> {
            InboundResult result = sync.sync(referralId);
            note(result.retryLater(), SyncDirection.PC_TO_CRM, referralId, null, result.message());
            return result;
        };
    }

    public OutboundSync outbound(OutboundSync sync) {
        return record -> {
            OutboundResult result = sync.sync(record);
            note(result.retryLater(), SyncDirection.CRM_TO_PC, result.referralId().orElse(null), record,
                    result.message());
            return result;
        };
    }

    private void note(boolean retryLater, SyncDirection direction, String referralId, CrmRecordRef record,
                      String message) {
        try {
            if (retryLater) {
                log.recordPendingRetry(new PendingRetry(direction, referralId, record, clock.instant(), message));
            } else {
                log.clearPendingRetry(direction, referralId, record);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not note the end of the {0} sync of {1}: {2}", direction,
                    record != null ? record : referralId, e.toString());
        }
    }
}
