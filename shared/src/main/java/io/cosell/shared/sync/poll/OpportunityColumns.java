package io.cosell.shared.sync.poll;

/** The columns the poller itself reads, besides the watched ones (logical names as installed by the connector). */
final class OpportunityColumns {

    static final String SYNC_WITH_PARTNER_CENTER = "cosell_syncwithpartnercenter";
    static final String REFERRAL_ID = "cosell_referralid";
    static final String MODIFIED_ON = "modifiedon";
    static final String NAME = "name";
    /** The lookup from a {@code cosell_solutions} row to its opportunity. */
    static final String SOLUTION_OPPORTUNITY = "cosell_opportunityid";
    static final String SOLUTION_OPPORTUNITY_VALUE = "_" + SOLUTION_OPPORTUNITY + "_value";

    private OpportunityColumns() {
    }
}
