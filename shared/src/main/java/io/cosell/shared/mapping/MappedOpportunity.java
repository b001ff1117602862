package io.cosell.shared.mapping;

import io.cosell.shared.referral.Member;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.SolutionTag;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An opportunity as Partner Center data, ready to validate and send.
 *
 * @param partnerCenterFields  the CRM-owned fields by {@link ReferralFields} path, as text in the format
 *                             {@link ReferralFields#of} gives them (absent values left out): name, deal value,
 *                             currency, close date, notes, solutions, visibility, Microsoft help
 * @param solutions            the solutions, as {@code details.requirements.solutions} entries
 * @param contacts             the customer contacts, as {@code customerProfile.team} members
 * @param hasAccount           whether the opportunity has a customer account
 * @param accountCountry       the raw value of the account's country code column, when it has one
 * @param currency             the raw ISO code of the opportunity's currency, when it has one
 * @param unknownHelpOption    a "How can Microsoft help?" option value the configuration does not know
 * @param requestedStatus      the status change the CRM's state and referral response ask for, if any
 * @param referralToCreate     the POST body for a new referral
 * @param taxonomy             partner role, solution area and solution play as the opportunity holds them
 */
public record MappedOpportunity(String opportunityId, Map<String, String> partnerCenterFields,
                                List<SolutionTag> solutions, List<Member> contacts, boolean hasAccount,
                                Optional<String> accountCountry, Optional<String> currency,
                                Optional<Integer> unknownHelpOption, Optional<ReferralStatusChange> requestedStatus,
                                Referral referralToCreate, ReferralTaxonomy.Values taxonomy) {

    public MappedOpportunity {
        partnerCenterFields = Map.copyOf(partnerCenterFields);
        solutions = List.copyOf(solutions);
        contacts = List.copyOf(contacts);
    }

    public Optional<String> field(String path) {
        return Optional.ofNullable(partnerCenterFields.get(path));
    }

    /** "How can Microsoft help?" is set: a co-sell referral. */
    public boolean wantsCoSell() {
        return partnerCenterFields.containsKey(ReferralFields.MICROSOFT_HELP);
    }
}
