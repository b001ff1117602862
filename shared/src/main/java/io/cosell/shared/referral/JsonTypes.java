package io.cosell.shared.referral;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types of this package that Jackson binds, registered for reflection so native executables can read and write
 * them (the records themselves stay free of framework annotations). {@code ReflectionRegistrationTest} fails when a
 * bound type is missing here.
 */
@RegisterForReflection(targets = {Address.class, Consent.class, ContactPreference.class, CustomerProfile.class,
        InviteContext.class, Link.class, Member.class, Organization.class, PatchOperation.class, ProfileId.class,
        Referral.class, ReferralDetails.class, ReferralDirection.class, ReferralLinks.class, ReferralStatus.class,
        ReferralSubstatus.class, ReferralTarget.class, ReferralType.class, Requirements.class, SolutionTag.class,
        Tag.class, TrackingInfo.class})
final class JsonTypes {

    private JsonTypes() {
    }
}
