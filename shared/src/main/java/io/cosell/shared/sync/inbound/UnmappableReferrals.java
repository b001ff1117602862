package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.UpsertMode;
import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.CheckMark;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.ReferralFields;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.vocabulary.CrmRecordRef;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A referral the CRM cannot take writes nothing of it: the reason goes to the log and to the linked record's Audit
 * (opportunities) with ✘ in its name, or, when nothing is linked yet, to a placeholder opportunity. The snapshot keeps
 * its CRM side but takes the failed referral's Partner Center fields, so the next good version counts as a change and
 * clears the ✘.
 */
final class UnmappableReferrals {

    private final DataverseClient crm;
    private final MappingConfig config;
    private final Clock clock;
    private final InboundBook book;
    private final ReferralJson referralJson;

    UnmappableReferrals(DataverseClient crm, MappingConfig config, Clock clock, InboundBook book, ReferralJson referralJson) {
        this.crm = crm;
        this.config = config;
        this.clock = clock;
        this.book = book;
        this.referralJson = referralJson;
    }

    /** Records the failure; returns the record it is shown on. */
    CrmRecordRef record(Referral referral, String message, Optional<CrmRecordRef> linked, Optional<SyncSnapshot> snapshot) {
        book.log(referral.id(), List.of(), SyncOutcome.FAILED, message);
        CrmRecordRef shownOn;
        if (linked.isPresent()) {
            markFailed(linked.get(), message);
            shownOn = linked.get();
        } else {
            shownOn = placeholder(referral, message);
        }
        if (snapshot.isPresent()) {
            book.saveSnapshot(referral, snapshot, ReferralFields.of(referral, referralJson), snapshot.get().crmFields(),
                    snapshot.get().crmETag());
        }
        return shownOn;
    }

    /**
     * A referral that cannot be mapped on arrival still shows up where sellers work: an opportunity with only the
     * connector's columns, ✘ in the name and the reason in the audit column (leads have no audit column). Upserted by
     * the referral id key, so repeats never duplicate it; the next good version of the referral fills it in.
     */
    private CrmRecordRef placeholder(Referral referral, String message) {
        ConnectorColumns columns = config.connectorColumns();
        String name = referral.name() == null || referral.name().isBlank() ? "Referral " + referral.id() : referral.name();
        ObjectNode fields = CrmColumns.empty();
        fields.put("name", CheckMark.mark(name, false, config.checkMarks()));
        fields.put(columns.syncWithPartnerCenter(), true);
        fields.put(columns.referralLink(), config.referralLink(referral.id(), referral.engagementId()));
        fields.put(columns.audit(), AuditText.line(clock.instant(), "✘ " + message));
        UUID id = crm.upsertByAlternateKey(EntitySet.OPPORTUNITIES, columns.referralId(), referral.id(), fields,
                UpsertMode.CREATE_OR_UPDATE).id();
        CrmRecordRef record = new CrmRecordRef(EntitySet.OPPORTUNITIES.name(), id.toString());
        book.link(referral.id(), Optional.empty(), record);
        return record;
    }

    private void markFailed(CrmRecordRef record, String message) {
        Optional<CrmRecordKind> kind = CrmRecordKind.ofEntitySet(record.entitySet());
        if (kind.isEmpty()) {
            return;
        }
        EntitySet set = kind.get().entitySet();
        String nameColumn = InboundPlanner.nameColumn(kind.get());
        String audit = config.connectorColumns().audit();
        UUID recordId = UUID.fromString(record.id());
        List<String> select = kind.get() == CrmRecordKind.LEAD ? List.of(set.primaryKey(), nameColumn, InboundPlanner.STATECODE)
                : List.of(set.primaryKey(), nameColumn, InboundPlanner.STATECODE, audit);
        Optional<CrmRecord> current = crm.get(set, recordId, select);
        if (current.isEmpty()) {
            return;
        }
        ObjectNode fields = CrmColumns.empty();
        current.get().text(nameColumn).ifPresent(name -> {
            String marked = CheckMark.mark(name, false, config.checkMarks());
            if (!marked.equals(name)) {
                fields.put(nameColumn, marked);
            }
        });
        if (kind.get() == CrmRecordKind.OPPORTUNITY) {
            fields.put(audit, AuditText.append(current.get().text(audit).orElse(null),
                    AuditText.line(clock.instant(), "✘ " + message)));
        }
        if (!fields.isEmpty()) {
            crm.update(set, recordId, fields, Optional.empty());
        }
    }
}
