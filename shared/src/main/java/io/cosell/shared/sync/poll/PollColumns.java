package io.cosell.shared.sync.poll;

import io.cosell.shared.mapping.ConnectorColumns;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns the poller itself reads, besides the watched ones, under the mapping's {@code connectorColumns} (the
 * connector's own {@code cosell_*} names, or those {@code schema adopt} found in Microsoft's solution).
 *
 * @param syncWithPartnerCenter the opportunity's "Sync with Partner Center" yes/no
 * @param referralId            the opportunity's Referral Identifier
 * @param leadReferralId        the lead's Referral Identifier
 * @param referralResponse      the seller's answer to a referral (Accept / Decline), on opportunities and on leads
 * @param solutionOpportunity   the lookup from a solution row to its opportunity
 */
record PollColumns(String syncWithPartnerCenter, String referralId, String leadReferralId, String referralResponse,
                   String solutionOpportunity) {

    static final String MODIFIED_ON = "modifiedon";
    static final String NAME = "name";

    static PollColumns of(ConnectorColumns columns) {
        return new PollColumns(columns.syncWithPartnerCenter(), columns.referralId(), columns.leadReferralId(),
                columns.referralResponse(), columns.solutionOpportunity());
    }

    /** The lookup's value column, as a solution row is read. */
    String solutionOpportunityValue() {
        return "_" + solutionOpportunity + "_value";
    }

    /** What the poller reads of a changed lead: whether it answers a referral. */
    List<String> leadColumns() {
        return List.of(leadReferralId, referralResponse, MODIFIED_ON);
    }

    /** What the poller reads of a changed opportunity: its own columns, then the {@code watched} ones. */
    List<String> opportunityColumns(List<String> watched) {
        Set<String> columns = new LinkedHashSet<>(List.of(MODIFIED_ON, syncWithPartnerCenter, referralId));
        columns.addAll(watched);
        return List.copyOf(columns);
    }
}
