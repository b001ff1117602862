package io.cosell.shared.mapping;

/**
 * The connector's own CRM columns (defaults as installed by the connector, {@code cosell_*}). Opportunity columns
 * first, then the lead's referral key, then the columns of the {@code cosell_solutions} table.
 *
 * @param solutionOpportunity the lookup (navigation property) from a solution row to its opportunity
 * @param referralResponse    opportunity choice: the seller accepts ({@value #ACCEPT}) or declines ({@value #DECLINE})
 *                            a referral Microsoft shared
 * @param declineReason       opportunity text: why the seller declines (sent as the referral's {@code statusReason})
 */
public record ConnectorColumns(String syncWithPartnerCenter, String referralId, String referralLink,
                               String microsoftHelp, String visibleToMicrosoft, String microsoftCrmId, String audit,
                               String leadReferralId, String solutionId, String solutionName, String solutionType,
                               String solutionOpportunity, String referralResponse, String declineReason) {

    /** Option values of the {@code referralResponse} choice. */
    public static final int ACCEPT = 100_000_000;
    public static final int DECLINE = 100_000_001;

    public static ConnectorColumns defaults() {
        return new ConnectorColumns(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ConnectorColumns {
        syncWithPartnerCenter = orDefault(syncWithPartnerCenter, "cosell_syncwithpartnercenter");
        referralId = orDefault(referralId, "cosell_referralid");
        referralLink = orDefault(referralLink, "cosell_referrallink");
        microsoftHelp = orDefault(microsoftHelp, "cosell_microsofthelp");
        visibleToMicrosoft = orDefault(visibleToMicrosoft, "cosell_visibletomicrosoft");
        microsoftCrmId = orDefault(microsoftCrmId, "cosell_microsoftcrmid");
        audit = orDefault(audit, "cosell_audit");
        leadReferralId = orDefault(leadReferralId, "cosell_referralid");
        solutionId = orDefault(solutionId, "cosell_solutionid");
        solutionName = orDefault(solutionName, "cosell_name");
        solutionType = orDefault(solutionType, "cosell_type");
        solutionOpportunity = orDefault(solutionOpportunity, "cosell_opportunityid");
        referralResponse = orDefault(referralResponse, "cosell_referralresponse");
        declineReason = orDefault(declineReason, "cosell_declinereason");
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
