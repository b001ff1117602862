package io.cosell.shared.sync.poll;

import java.util.List;

/**
 * The columns the poller itself reads, besides the watched ones (logical names as installed by the connector); a lead
 * carries its referral in a column of the same name as the opportunity's.
 */
final class OpportunityColumns {

    static final String SYNC_WITH_PARTNER_CENTER = "cosell_syncwithpartnercenter";
    static final String REFERRAL_ID = "cosell_referralid";
    static final String MODIFIED_ON = "modifiedon";
    static final String NAME = "name";
    /** The lookup from a {@code cosell_solutions} row to its opportunity. */
    static final String SOLUTION_OPPORTUNITY = "cosell_opportunityid";
    static final String SOLUTION_OPPORTUNITY_VALUE = "_" + SOLUTION_OPPORTUNITY + "_value";
    /** The seller's answer to a referral (Accept / Decline), on opportunities and on leads. */
    static final String REFERRAL_RESPONSE = "cosell_referralresponse";
    /** What the poller reads of a changed lead: whether it answers a referral. */
    static final List<String> LEAD_COLUMNS = List.of(REFERRAL_ID, REFERRAL_RESPONSE, MODIFIED_ON);

    private OpportunityColumns() {
    }
}
