package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.mapping.MappedReferral;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@link InboundPlanner} decides from: the referral as Partner Center has it now, the record as the CRM has
 * it now, and the last-synced snapshot both are compared with.
 *
 * @param mapped              the referral, mapped
 * @param desired             the record's columns as Partner Center has them now, lookups bound (account, contact,
 *                            currency)
 * @param base                the CRM side of the last-synced snapshot; empty when there is none for this kind of record
 * @param partnerCenterBefore the Partner Center side of the last-synced snapshot; empty when there is none
 * @param current             the record as read just now (its mapped columns, name, state, audit and ETag); empty when
 *                            it does not exist yet
 * @param leadToConvert       the lead an accepted referral's new opportunity is converted from
 * @param currentSolutionIds  the solution ids of the opportunity's {@code cosell_solutions} rows, when they were read
 *                            (only when Partner Center changed the solutions)
 * @param now                 the time the Audit line gives
 * @param merged              whether the record changed under an earlier attempt of this sync (a 412)
 */
record PlanInput(MappedReferral mapped, ObjectNode desired, Map<String, String> base,
                 Map<String, String> partnerCenterBefore, Optional<CrmRecord> current, Optional<CrmRecord> leadToConvert,
                 Optional<Set<String>> currentSolutionIds, Instant now, boolean merged) {

    PlanInput {
        desired = desired.deepCopy();
        base = Map.copyOf(base);
        partnerCenterBefore = Map.copyOf(partnerCenterBefore);
        currentSolutionIds = currentSolutionIds.map(Set::copyOf);
    }

    @Override
    public ObjectNode desired() {
        return desired.deepCopy();
    }
}
