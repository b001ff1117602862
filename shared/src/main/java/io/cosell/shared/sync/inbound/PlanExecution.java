package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.RecordConflictException;
import io.cosell.shared.crm.UpsertMode;
import io.cosell.shared.crm.UpsertResult;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.CrmStage;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.vocabulary.CrmRecordRef;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Performs an {@link InboundPlan} in the CRM: the record first (a new one upserted by its referral id key; an existing
 * one updated with {@code If-Match} of the ETag it was planned from), then the lead it was converted from, its solutions
 * rows and its closing (Win/Lose actions for opportunities); finally reads the record's new ETag (a new record written
 * alone keeps the ETag its upsert answered with).
 */
final class PlanExecution {

    static final String STATUSCODE = "statuscode";

    /** The record written, whether it was created, and its ETag afterwards. */
    record Done(CrmRecordRef record, boolean created, String etag) {
    }

    private final DataverseClient crm;
    private final MappingConfig config;
    private final SolutionRows solutions;

    PlanExecution(DataverseClient crm, MappingConfig config) {
        this.crm = crm;
        this.config = config;
        this.solutions = new SolutionRows(crm, config.connectorColumns());
    }

    /** The alternate key column a record of this kind is found by. */
    String keyColumn(CrmRecordKind kind) {
        return kind == CrmRecordKind.LEAD ? config.connectorColumns().leadReferralId() : config.connectorColumns().referralId();
    }

    /** The solution ids of an opportunity's {@code cosell_solutions} rows. */
    Set<String> solutionIds(UUID opportunityId) {
        return solutions.ids(opportunityId);
    }

    /**
     * @throws RecordConflictException when the record changed after it was read for the plan; nothing was written
     */
    Done perform(Referral referral, CrmRecordKind kind, InboundPlan plan) {
        EntitySet set = kind.entitySet();
        UUID id;
        boolean created = false;
        Optional<String> writtenEtag = Optional.empty();
        if (plan.recordId().isPresent()) {
            id = plan.recordId().get();
            if (plan.writesRecord()) {
                crm.update(set, id, plan.columns(), plan.ifMatch());
            }
        } else {
            UpsertResult written = crm.upsertByAlternateKey(set, keyColumn(kind), referral.id(), plan.columns(),
                    UpsertMode.CREATE_OR_UPDATE);
            id = written.id();
            created = written.created();
            writtenEtag = written.etag();
        }
        boolean writesMore = plan.leadToQualify().isPresent() || plan.solutions().isPresent() || plan.close().isPresent();
        plan.leadToQualify().ifPresent(lead -> qualify(lead, id));
        plan.solutions().ifPresent(rows -> solutions.sync(id, rows));
        plan.close().ifPresent(stage -> close(kind, id, stage, referral));
        String etag = writesMore || writtenEtag.isEmpty()
                ? crm.get(set, id, List.of(set.primaryKey())).map(CrmRecord::etag).orElse(null)
                : writtenEtag.get();
        return new Done(new CrmRecordRef(set.name(), id.toString()), created, etag);
    }

    private void qualify(UUID leadId, UUID opportunityId) {
        ObjectNode fields = CrmColumns.empty();
        fields.put(InboundPlanner.STATECODE, 1);
        fields.put(STATUSCODE, 3);
        fields.put("qualifyingopportunityid@odata.bind", "/" + EntitySet.OPPORTUNITIES.name() + "(" + opportunityId + ")");
        crm.update(EntitySet.LEADS, leadId, fields, Optional.empty());
    }

    private void close(CrmRecordKind kind, UUID recordId, CrmStage stage, Referral referral) {
        String subject = "Partner Center: " + referral.status() + "/" + referral.substatus();
        if (kind == CrmRecordKind.LEAD) {
            ObjectNode fields = CrmColumns.empty();
            fields.put(InboundPlanner.STATECODE, stage.stateCode());
            fields.put(STATUSCODE, stage.statusCode());
            crm.update(EntitySet.LEADS, recordId, fields, Optional.empty());
        } else if (stage == CrmStage.OPPORTUNITY_WON) {
            crm.winOpportunity(recordId, stage.statusCode(), subject);
        } else {
            crm.loseOpportunity(recordId, stage.statusCode(), subject);
        }
    }
}
