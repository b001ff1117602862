package io.cosell.shared.mapping;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.referral.Referral;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cosell.shared.mapping.OpportunityFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;

class OpportunityValidationTest {

    private final MappingConfig config = MappingConfig.defaults();
    private final OpportunityMapper mapper = new OpportunityMapper(config, TestJson.MAPPER);
    private final OpportunityValidation validation = new OpportunityValidation(config);

    private List<String> problemsOfNew(OpportunityRecords records) {
        return validation.forCreate(mapper.map(records));
    }

    private static OpportunityRecords with(OpportunityRecords r, Optional<ObjectNode> account,
                                           List<ObjectNode> contacts,
                                           List<ObjectNode> solutions,
                                           Optional<String> currency) {
        return new OpportunityRecords(r.opportunityId(), r.opportunity(), account, contacts, solutions, currency,
                Optional.empty());
    }

    @Test
    void a_complete_opportunity_passes() {
        assertThat(problemsOfNew(records())).isEmpty();
    }

    @Test
    void at_least_one_solution_is_required() {
        OpportunityRecords r = records();
        assertThat(problemsOfNew(with(r, r.account(), r.contacts(), List.of(), r.currency())))
                .containsExactly("Solution ID is required: add at least one Microsoft Partner Center solution to the opportunity.");
    }

    @Test
    void the_account_needs_a_two_letter_iso_country_code() {
        OpportunityRecords missing = records();
        missing.account().orElseThrow().putNull("address1_country");
        OpportunityRecords name = records();
        name.account().orElseThrow().put("address1_country", "Ireland");
        OpportunityRecords unknown = records();
        unknown.account().orElseThrow().put("address1_country", "XX");

        assertThat(problemsOfNew(missing)).containsExactly("Customer account country code is missing: the account's "
                + "address1_country must hold a two-letter ISO 3166 code such as US.");
        assertThat(problemsOfNew(name)).containsExactly("Customer account country code is missing: the account's "
                + "address1_country must hold a two-letter ISO 3166 code such as US (it holds 'Ireland').");
        assertThat(problemsOfNew(unknown)).singleElement().asString().startsWith("Customer account country code is missing");
    }

    @Test
    void the_country_is_checked_in_the_configured_helper_column() {
        MappingConfig lookup = MappingConfig.defaults().withAccountCountry(CountryMapping.lookup("new_countryid", "new_code"));
        OpportunityRecords r = records();
        r.account().orElseThrow().put("new_code", "PL");
        assertThat(new OpportunityValidation(lookup).forCreate(new OpportunityMapper(lookup, TestJson.MAPPER).map(r))).isEmpty();
    }

    @Test
    void an_account_is_required() {
        OpportunityRecords r = records();
        assertThat(problemsOfNew(with(r, Optional.empty(), r.contacts(), r.solutions(), r.currency())))
                .containsExactly("Customer account is missing: choose the opportunity's Account (the customer company).");
    }

    @Test
    void co_sell_needs_a_customer_contact_but_a_referral_without_help_does_not() {
        OpportunityRecords coSell = records();
        OpportunityRecords partnerLed = records(row -> row.putNull("cosell_microsofthelp"));
        assertThat(problemsOfNew(with(coSell, coSell.account(), List.of(), coSell.solutions(), coSell.currency())))
                .containsExactly("A customer contact is required for co-sell (How can Microsoft help? is set): "
                        + "choose the opportunity's Contact.");
        assertThat(problemsOfNew(with(partnerLed, partnerLed.account(), List.of(), partnerLed.solutions(),
                partnerLed.currency()))).isEmpty();
    }

    @Test
    void the_deal_value_must_be_positive_in_an_iso_4217_currency() {
        OpportunityRecords r = records();
        assertThat(problemsOfNew(records(row -> row.put("estimatedvalue", 0))))
                .containsExactly("Deal value is required: enter an amount greater than 0 in estimatedvalue.");
        assertThat(problemsOfNew(records(row -> row.putNull("estimatedvalue"))))
                .containsExactly("Deal value is required: enter an amount greater than 0 in estimatedvalue.");
        assertThat(problemsOfNew(with(r, r.account(), r.contacts(), r.solutions(), Optional.empty())))
                .containsExactly("Currency is required: choose the opportunity's currency.");
        assertThat(problemsOfNew(with(r, r.account(), r.contacts(), r.solutions(), Optional.of("BTC"))))
                .containsExactly("Currency is required: the opportunity's currency code 'BTC' is not an ISO 4217 code such as USD.");
    }

    @Test
    void a_close_date_is_required() {
        assertThat(problemsOfNew(records(row -> row.putNull("estimatedclosedate"))))
                .containsExactly("Close date is required: enter the opportunity's estimated close date (estimatedclosedate).");
    }

    @Test
    void every_failing_rule_is_reported_at_once() {
        OpportunityRecords r = records(row -> row.putNull("estimatedvalue").putNull("estimatedclosedate"));
        r.account().orElseThrow().putNull("address1_country");
        List<String> problems = problemsOfNew(with(r, r.account(), List.of(), List.of(), r.currency()));
        assertThat(problems).hasSize(5);
        assertThat(problems).extracting(p -> p.substring(0, p.indexOf(':') < 0 ? p.length() : p.indexOf(':')))
                .contains("Solution ID is required", "Customer account country code is missing",
                        "Deal value is required", "Close date is required");
    }

    @Test
    void an_update_is_only_checked_for_what_it_sends() {
        // given: no country and no contact, but only the close date is sent
        OpportunityRecords r = records(row -> row.put("estimatedclosedate", "2025-12-31"));
        r.account().orElseThrow().putNull("address1_country");
        MappedOpportunity mapped = mapper.map(with(r, Optional.empty(), List.of(), r.solutions(), r.currency()));
        Map<String, String> base = new HashMap<>(mapped.partnerCenterFields());
        base.put(ReferralFields.CLOSING_DATE, "2025-09-30T00:00:00Z");

        // when
        PatchPlan plan = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(mapped, base, PartnerCenterSide.asSnapshotted(base));

        // then
        assertThat(plan.sentPaths()).containsExactly(ReferralFields.CLOSING_DATE);
        assertThat(validation.forUpdate(mapped, plan)).isEmpty();
    }

    @Test
    void a_decline_needs_a_reason() {
        MappedOpportunity mapped = mapper.map(records(row -> row.put("cosell_referralresponse", 100000001)));
        Map<String, String> base = new HashMap<>(mapped.partnerCenterFields());
        base.put(ReferralFields.STATUS, "New");
        base.put(ReferralFields.SUBSTATUS, "Received");
        PatchPlan plan = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(mapped, base, PartnerCenterSide.asSnapshotted(base));
        assertThat(validation.forUpdate(mapped, plan)).containsExactly(
                "A decline reason is required: fill in the decline reason (cosell_declinereason) before declining the referral.");
    }

    @Test
    void turning_a_referral_into_co_sell_needs_a_customer_contact() {
        // given: help chosen on a referral that had none, and no contact
        OpportunityRecords r = records();
        MappedOpportunity mapped = mapper.map(with(r, r.account(), List.of(), r.solutions(), r.currency()));
        Map<String, String> base = new HashMap<>(mapped.partnerCenterFields());
        base.remove(ReferralFields.MICROSOFT_HELP);
        Referral current = TestJson.REFERRAL_JSON.read("{\"id\": \"r1\", \"inviteContext\": {}}".getBytes(StandardCharsets.UTF_8),
                Referral.class);

        // when
        PatchPlan plan = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(mapped, base, new PartnerCenterSide(base, Optional.of(current)));

        // then
        assertThat(plan.coSellConversion()).isTrue();
        assertThat(validation.forUpdate(mapped, plan)).singleElement().asString().startsWith(OpportunityValidation.CONTACT_REQUIRED);
    }
}
