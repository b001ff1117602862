package io.cosell.shared.mapping;

/** What {@link ReferralMapper} made of a referral: CRM data, or the reason it cannot be mapped. */
public sealed interface MappingResult permits MappedReferral, MappingProblem {

    String referralId();
}
