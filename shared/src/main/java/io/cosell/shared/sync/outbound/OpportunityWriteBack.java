package io.cosell.shared.sync.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.RecordConflictException;
import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.CheckMark;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.vocabulary.RetryLaterException;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one CRM update an outbound sync makes: the given columns, the name marked ✔ or ✘ (when check marks are on) and
 * an audit line appended. Sent with the opportunity's ETag, so a seller's edit made meanwhile is never overwritten: on
 * a 412 the opportunity is read again and the update composed anew (at most {@value #ATTEMPTS} times, then the sync
 * is retried later). Nothing is sent when nothing would change.
 */
final class OpportunityWriteBack {

    static final int ATTEMPTS = 3;

    /**
     * The update to make: columns, the mark, the audit text (without time and direction).
     *
     * @param unlessRepeated leave the audit (and with it the whole update, when nothing else changes) out when the
     *                       newest audit line already says the same: a failure or skip that repeats unchanged stays
     *                       quiet instead of growing the trail and touching the record on every retry or re-poll
     */
    record Change(ObjectNode columns, Optional<Boolean> success, Optional<String> audit, boolean unlessRepeated) {
    }

    private final DataverseClient crm;
    private final MappingConfig config;
    private final UnaryOperator<String> auditLine;
    private final List<String> columns;

    OpportunityWriteBack(DataverseClient crm, MappingConfig config, UnaryOperator<String> auditLine, List<String> columns) {
        this.crm = crm;
        this.config = config;
        this.auditLine = auditLine;
        this.columns = columns;
    }

    /** Returns the opportunity's columns as they are after the update. */
    ObjectNode write(CrmRecord opportunity, Change change) {
        CrmRecord current = opportunity;
        for (int attempt = 1; ; attempt++) {
            ObjectNode fields = compose(current, change);
            // The result feeds the snapshot: the row as this sync read it plus what it wrote, never a re-read row,
            // which may hold a seller's change made meanwhile (a win, say) that was not synced and must not pass
            // for an echo.
            ObjectNode synced = opportunity.fields().deepCopy();
            synced.setAll(fields);
            if (fields.isEmpty()) {
                return synced;
            }
            try {
                crm.update(EntitySet.OPPORTUNITIES, current.id(), fields, Optional.ofNullable(current.etag()));
                return synced;
            } catch (RecordConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw new RetryLaterException("The opportunity " + current.id()
                            + " keeps changing in the CRM while the sync writes to it; will retry.");
                }
                current = crm.get(EntitySet.OPPORTUNITIES, current.id(), columns).orElseThrow(() ->
                        new RetryLaterException("The opportunity " + opportunity.id() + " was deleted during the sync."));
            }
        }
    }

    private ObjectNode compose(CrmRecord current, Change change) {
        ObjectNode fields = change.columns().deepCopy();
        change.columns().fieldNames().forEachRemaining(column -> {
            if (change.columns().get(column).equals(current.fields().get(column))) {
                fields.remove(column);
            }
        });
        change.success().ifPresent(success -> current.text("name").ifPresent(name -> {
            String marked = CheckMark.mark(name, success, config.checkMarks());
            if (!marked.equals(name)) {
                fields.put("name", marked);
            }
        }));
        String auditColumn = config.connectorColumns().audit();
        String trail = current.text(auditColumn).orElse(null);
        change.audit().filter(what -> !change.unlessRepeated() || !AuditText.lastOutboundLineSays(trail, what))
                .ifPresent(what -> fields.put(auditColumn, AuditText.append(trail, auditLine.apply(what))));
        return fields;
    }
}
