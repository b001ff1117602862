package io.cosell.shared.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.auth.SignInExpiredException;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.RecordConflictException;
import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.metrics.Metrics;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A sync that needs Partner Center while its sign-in is dead ({@link SignInExpiredException}): no retry can help
 * until an admin signs in again, so the message must neither spin on the queue nor reach the dead-letter queue. It
 * says so where people look — an {@code AuthFailures} metric for the alarm, a FAILED line in the referral's sync log,
 * an Audit line on the affected opportunity (once: a repeat of the same notice is not written again) — and parks the
 * message: a copy is sent back to the sync queue with a delay, and the delivered one is acknowledged, so its receive
 * count never grows towards the dead-letter queue. The token provider remembers the dead token, so the parked
 * message's next turn costs no request to Entra unless the stored token changed.
 */
public final class SignInExpiredMessages implements SignInExpiredParking {

    private static final System.Logger LOG = System.getLogger(SignInExpiredMessages.class.getName());
    private static final int AUDIT_ATTEMPTS = 3;

    private final SyncStateStore state;
    private final DataverseClient crm;
    private final String auditColumn;
    private final SyncQueue queue;
    private final Metrics metrics;
    private final Duration parkFor;
    private final Clock clock;

    public SignInExpiredMessages(SyncStateStore state, DataverseClient crm, String auditColumn, SyncQueue queue,
                                 Metrics metrics, Duration parkFor, Clock clock) {
        this.state = state;
        this.crm = crm;
        this.auditColumn = auditColumn;
        this.queue = queue;
        this.metrics = metrics;
        this.parkFor = parkFor;
        this.clock = clock;
    }

    @Override
    public String park(SyncMessage message, SignInExpiredException expired) {
        metrics.authFailure(expired.reason().name());
        String notice = expired.notice();
        Optional<CrmRecordRef> record = affectedRecord(message);
        state.append(new SyncLogEntry(logKey(message, record), clock.instant(), message.direction(), List.of(),
                SyncOutcome.FAILED, notice));
        record.filter(r -> r.entitySet().equals(EntitySet.OPPORTUNITIES.name()))
                .ifPresent(opportunity -> audit(opportunity, message.direction(), notice));
        queue.sendLater(message, parkFor);
        return notice + "; the message waits " + parkFor.toMinutes() + " min and is tried again";
    }

    private Optional<CrmRecordRef> affectedRecord(SyncMessage message) {
        if (message.crmRecord() != null) {
            return Optional.of(message.crmRecord());
        }
        return state.linkByReferral(message.referralId()).map(ReferralLink::crmRecord);
    }

    private String logKey(SyncMessage message, Optional<CrmRecordRef> record) {
        if (message.referralId() != null) {
            return message.referralId();
        }
        return record.flatMap(state::linkByCrmRecord).map(ReferralLink::referralId)
                .orElseGet(() -> "opportunity#" + message.crmRecord().id());
    }

    /**
     * Appends the notice to the opportunity's Audit unless its last line already says it. The write is conditional on
     * the Audit read (If-Match): a line another sync wrote meanwhile is read again and kept, never overwritten.
     */
    private void audit(CrmRecordRef opportunity, SyncDirection direction, String notice) {
        UUID id = UUID.fromString(opportunity.id());
        for (int attempt = 1; ; attempt++) {
            Optional<CrmRecord> current = crm.get(EntitySet.OPPORTUNITIES, id, List.of("opportunityid", auditColumn));
            if (current.isEmpty()) {
                return;
            }
            String trail = current.get().text(auditColumn).orElse(null);
            if (lastLineSays(trail, SignInExpiredException.NOTICE)) {
                return;
            }
            String what = "✘ " + notice;
            String line = direction == SyncDirection.PC_TO_CRM ? AuditText.line(clock.instant(), what)
                    : AuditText.outboundLine(clock.instant(), what);
            ObjectNode fields = CrmColumns.empty();
            fields.put(auditColumn, AuditText.append(trail, line));
            try {
                crm.update(EntitySet.OPPORTUNITIES, id, fields, Optional.ofNullable(current.get().etag()));
                return;
            } catch (RecordConflictException changedMeanwhile) {
                if (attempt >= AUDIT_ATTEMPTS) {
                    LOG.log(System.Logger.Level.WARNING, "the Audit of {0} changed under each of {1} tries; the sync "
                            + "log has the notice: {2}", opportunity, AUDIT_ATTEMPTS, notice);
                    return;
                }
            }
        }
    }

    private static boolean lastLineSays(String trail, String text) {
        if (trail == null || trail.isBlank()) {
            return false;
        }
        String stripped = trail.stripTrailing();
        return stripped.substring(stripped.lastIndexOf('\n') + 1).contains(text);
    }
}
