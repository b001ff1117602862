package io.cosell.shared.migration;

import io.cosell.shared.vocabulary.CrmRecordRef;

import java.util.List;

/**
 * What {@code migrate plan} found: the CRM records Microsoft's connector left (opportunities and leads carrying a
 * Referral Identifier) paired with the partner's referrals in Partner Center.
 *
 * @param agreeing               linked pairs whose mapped fields agree
 * @param differing              linked pairs with at least one field that differs
 * @param unknownReferralIds     CRM records whose Referral Identifier Partner Center does not know
 * @param referralsWithoutRecord referrals no CRM record carries
 * @param unmappable             pairs the mapping cannot map, with the Audit text a sync would give them
 */
public record MigrationPlan(List<PairPlan> agreeing, List<PairPlan> differing, List<UnknownReferral> unknownReferralIds,
                            List<Orphan> referralsWithoutRecord, List<Unmappable> unmappable) {

    public MigrationPlan {
        agreeing = List.copyOf(agreeing);
        differing = List.copyOf(differing);
        unknownReferralIds = List.copyOf(unknownReferralIds);
        referralsWithoutRecord = List.copyOf(referralsWithoutRecord);
        unmappable = List.copyOf(unmappable);
    }

    /** One mapped field whose CRM value is not the one Partner Center's referral maps to. */
    public record FieldDifference(String column, String label, String crmValue, String partnerCenterValue) {
    }

    /** A CRM record whose referral id Partner Center does not return. */
    public record UnknownReferral(String referralId, CrmRecordRef record, String name) {
    }

    /** A referral that no CRM record carries. */
    public record Orphan(String referralId, String name, String status) {
    }

    /** A pair the mapping cannot map; {@code auditText} is the line a sync would append to the record's Audit. */
    public record Unmappable(String referralId, CrmRecordRef record, String auditText) {
    }
}
