package io.cosell.shared.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an opportunity needs before anything is sent to Partner Center, each rule with its own message in a seller's
 * words (the first words are those of Microsoft's connector documentation, where it has them). A new referral must
 * pass every rule; an update only the rules about what it sends (an opportunity shared long ago is not held back by a
 * rule about a field that is not changing).
 */
public final class OpportunityValidation {

    public static final String SOLUTION_REQUIRED = "Solution ID is required";
    public static final String ACCOUNT_REQUIRED = "Customer account is missing";
    public static final String COUNTRY_MISSING = "Customer account country code is missing";
    public static final String CONTACT_REQUIRED = "A customer contact is required for co-sell";
    public static final String DEAL_VALUE_REQUIRED = "Deal value is required";
    public static final String CURRENCY_REQUIRED = "Currency is required";
    public static final String CLOSE_DATE_REQUIRED = "Close date is required";
    public static final String DECLINE_REASON_REQUIRED = "A decline reason is required";
    public static final String UNKNOWN_HELP = "How can Microsoft help? has an unknown value";

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final MappingConfig config;

    public OpportunityValidation(MappingConfig config) {
        this.config = config;
    }

    /** Every rule: what a new referral needs. */
    public List<String> forCreate(MappedOpportunity opportunity) {
        List<String> problems = new ArrayList<>();
        solutions(opportunity, problems);
        if (!opportunity.hasAccount()) {
            problems.add(ACCOUNT_REQUIRED + ": choose the opportunity's Account (the customer company).");
        } else {
            country(opportunity, problems);
        }
        if (opportunity.wantsCoSell()) {
            contact(opportunity, problems);
        }
        dealValue(opportunity, problems);
        currency(opportunity, problems);
        closeDate(opportunity, problems);
        help(opportunity, problems);
        problems.addAll(config.taxonomy().check(opportunity.taxonomy(), opportunity.wantsCoSell()));
        return problems;
    }

    /** The rules about what an update sends. */
    public List<String> forUpdate(MappedOpportunity opportunity, PatchPlan plan) {
        List<String> problems = new ArrayList<>();
        Set<String> sent = Set.copyOf(plan.sentPaths());
        if (sent.contains(ReferralFields.SOLUTIONS)) {
            solutions(opportunity, problems);
        }
        if (plan.coSellConversion()) {
            contact(opportunity, problems);
        }
        if (sent.contains(ReferralFields.DEAL_VALUE)) {
            dealValue(opportunity, problems);
        }
        if (sent.contains(ReferralFields.DEAL_VALUE) || sent.contains(ReferralFields.CURRENCY)) {
            currency(opportunity, problems);
        }
        if (sent.contains(ReferralFields.CLOSING_DATE)) {
            closeDate(opportunity, problems);
        }
        plan.statusChange().filter(ReferralStatusChange::isDecline)
                .filter(decline -> decline.reason().filter(r -> !r.isBlank()).isEmpty())
                .ifPresent(decline -> problems.add(DECLINE_REASON_REQUIRED + ": fill in the decline reason ("
                        + config.connectorColumns().declineReason() + ") before declining the referral."));
        help(opportunity, problems);
        return problems;
    }

    private static void solutions(MappedOpportunity opportunity, List<String> problems) {
        if (opportunity.solutions().isEmpty()) {
            problems.add(SOLUTION_REQUIRED + ": add at least one Microsoft Partner Center solution to the opportunity.");
        }
    }

    private void country(MappedOpportunity opportunity, List<String> problems) {
        Optional<String> country = opportunity.accountCountry().map(String::strip);
        if (country.map(c -> !COUNTRIES.contains(c.toUpperCase(Locale.ROOT))).orElse(true)) {
            problems.add(COUNTRY_MISSING + ": the account's " + config.accountCountry().codeColumn()
                    + " must hold a two-letter ISO 3166 code such as US"
                    + country.map(c -> " (it holds '" + c + "')").orElse("") + ".");
        }
    }

    private static void contact(MappedOpportunity opportunity, List<String> problems) {
        if (opportunity.contacts().isEmpty()) {
            problems.add(CONTACT_REQUIRED + " (How can Microsoft help? is set): choose the opportunity's Contact.");
        }
    }

    private void dealValue(MappedOpportunity opportunity, List<String> problems) {
        boolean positive = opportunity.field(ReferralFields.DEAL_VALUE).map(BigDecimal::new)
                .filter(value -> value.signum() > 0).isPresent();
        if (!positive) {
            problems.add(DEAL_VALUE_REQUIRED + ": enter an amount greater than 0 in " + config.dealValueColumn() + ".");
        }
    }

    private static void currency(MappedOpportunity opportunity, List<String> problems) {
        Optional<String> code = opportunity.currency();
        if (code.isEmpty()) {
            problems.add(CURRENCY_REQUIRED + ": choose the opportunity's currency.");
        } else if (!isIso4217(code.get())) {
            problems.add(CURRENCY_REQUIRED + ": the opportunity's currency code '" + code.get()
                    + "' is not an ISO 4217 code such as USD.");
        }
    }

    private void closeDate(MappedOpportunity opportunity, List<String> problems) {
        if (opportunity.field(ReferralFields.CLOSING_DATE).isEmpty()) {
            problems.add(CLOSE_DATE_REQUIRED + ": enter the opportunity's estimated close date ("
                    + config.closeDateColumn() + ").");
        }
    }

    private static void help(MappedOpportunity opportunity, List<String> problems) {
        opportunity.unknownHelpOption().ifPresent(option -> problems.add(UNKNOWN_HELP + " (option " + option
                + "); add it to the mapping configuration's microsoftHelpValues or choose another value."));
    }

    private static boolean isIso4217(String code) {
        try {
            return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT)) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
