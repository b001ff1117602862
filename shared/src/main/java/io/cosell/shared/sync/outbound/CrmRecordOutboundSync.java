package io.cosell.shared.sync.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;

import java.time.Clock;

/**
 * The CRM → Partner Center entry point: an opportunity goes through {@link OpportunityOutboundSync}, a lead (the
 * seller's answer to a referral that is not accepted yet) through {@link LeadResponseSync}.
 */
public final class CrmRecordOutboundSync implements OutboundSync {

    private final OpportunityOutboundSync opportunities;
    private final LeadResponseSync leadResponses;

    public CrmRecordOutboundSync(DataverseClient crm, ReferralClient partnerCenter, SyncStateStore state,
                                 MappingConfig config, Clock clock, ObjectMapper json) {
        this.opportunities = new OpportunityOutboundSync(crm, partnerCenter, state, config, clock, json);
        this.leadResponses = new LeadResponseSync(crm, partnerCenter, state, config, clock);
    }

    @Override
    public OutboundResult sync(CrmRecordRef record) {
        if (EntitySet.LEADS.name().equals(record.entitySet())) {
            return leadResponses.sync(record);
        }
        return opportunities.sync(record);
    }
}
