package io.cosell.shared.mapping;

/**
 * The connector's own CRM columns (defaults as installed by the connector, {@code cosell_*}). Opportunity columns
 * first, then the lead's referral key, then the columns of the {@code cosell_solutions} table.
 *
 * @param solutionOpportunity the lookup (navigation property) from a solution row to its opportunity
 */
public record ConnectorColumns(String syncWithPartnerCenter, String referralId, String referralLink,
                               String microsoftHelp, String visibleToMicrosoft, String microsoftCrmId, String audit,
                               String leadReferralId, String solutionId, String solutionName, String solutionType,
                               String solutionOpportunity) {

    public static ConnectorColumns defaults() {
        return new ConnectorColumns(null, null, null, null, null, null, null, null, null, null, null, null);
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
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
