package io.cosell.shared.mapping;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralStatus;
import io.cosell.shared.referral.ReferralSubstatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cosell.shared.mapping.OpportunityFixtures.json;
import static io.cosell.shared.mapping.OpportunityFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;

class OpportunityMapperTest {

    private final OpportunityMapper mapper = new OpportunityMapper(MappingConfig.defaults(), TestJson.MAPPER);

    @Test
    void the_crm_owned_fields_are_text_in_the_format_of_ReferralFields() {
        // when
        MappedOpportunity mapped = mapper.map(records());

        // then
        assertThat(mapped.partnerCenterFields()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ReferralFields.NAME, "Northwind - Azure landing zone",
                ReferralFields.DEAL_VALUE, "85000",
                ReferralFields.CURRENCY, "EUR",
                ReferralFields.CLOSING_DATE, "2025-09-30T00:00:00Z",
                ReferralFields.NOTES, "Three subscriptions",
                ReferralFields.SOLUTIONS, "SOL-15974-MQF, SOL-20481-XKA",
                ReferralFields.VISIBLE_TO_MICROSOFT, "true",
                ReferralFields.MICROSOFT_HELP, "CustomerTechnicalArchitecture"));
    }

    @Test
    void a_new_co_sell_referral_carries_every_mapped_field() {
        // when
        Referral referral = mapper.map(records()).referralToCreate();

        // then
        assertThat(referral.details().dealValue()).isEqualByComparingTo("85000");
        assertThat(new String(TestJson.REFERRAL_JSON.write(referral), StandardCharsets.UTF_8)).contains("\"dealValue\":85000,");
        ObjectNode tree = (ObjectNode) TestJson.REFERRAL_JSON.tree(referral);
        ((ObjectNode) tree.get("details")).remove("dealValue");
        assertThat(tree).isEqualTo(json("""
                {"name": "Northwind - Azure landing zone",
                 "externalReferenceId": "8c0f6d1e-55aa-ee11-be37-000d3a1b2c3d",
                 "type": "Shared",
                 "consent": {"consentToShareReferralWithMicrosoftSellers": true},
                 "customerProfile": {"name": "Northwind Traders",
                    "address": {"addressLine1": "1 Harbour Street", "city": "Dublin", "state": "Leinster",
                                "postalCode": "D02 XY45", "country": "IE"},
                    "team": [{"firstName": "Aoife", "lastName": "Byrne", "phoneNumber": "+353 1 555 0100",
                              "email": "aoife@northwind.example", "title": "CTO"}]},
                 "details": {"notes": "Three subscriptions", "currency": "EUR",
                    "closingDateTime": "2025-09-30T00:00:00Z",
                    "requirements": {"solutions": [
                        {"id": "SOL-15974-MQF", "name": "Contoso Cloud Migration Factory", "type": "Name"},
                        {"id": "SOL-20481-XKA", "name": "Data Estate Modernization on Azure", "type": "Name"}]}},
                 "target": [{"type": "SolutionProfile", "id": "SOL-15974-MQF"},
                            {"type": "SolutionProfile", "id": "SOL-20481-XKA"}],
                 "inviteContext": {"assistanceRequestCode": "CustomerTechnicalArchitecture"}}
                """));
    }

    @ParameterizedTest
    @CsvSource({
            "true,  , Shared,      true",
            "false, , Independent, false",
            "false, 100000000, Shared, true"})
    void type_and_consent_follow_visibility_and_help(boolean visible, Integer help, String type, boolean consent) {
        // when
        Referral referral = mapper.map(records(row -> {
            row.put("cosell_visibletomicrosoft", visible);
            row.put("cosell_microsofthelp", help);
            return row;
        })).referralToCreate();

        // then
        assertThat(referral.type().value()).isEqualTo(type);
        assertThat(referral.consent().consentToShareReferralWithMicrosoftSellers()).isEqualTo(consent);
        assertThat(referral.inviteContext() != null).isEqualTo(help != null);
    }

    @Test
    void the_country_comes_from_the_configured_helper_column_in_lookup_mode() {
        // given
        OpportunityMapper lookupMode = new OpportunityMapper(MappingConfig.defaults()
                .withAccountCountry(CountryMapping.lookup("new_countryid", "new_countrycode")), TestJson.MAPPER);
        OpportunityRecords records = records();
        records.account().orElseThrow().put("new_countrycode", "de");

        // when
        MappedOpportunity mapped = lookupMode.map(records);

        // then
        assertThat(lookupMode.accountColumns()).contains("new_countrycode");
        assertThat(mapped.accountCountry()).contains("de");
        assertThat(mapped.referralToCreate().customerProfile().address().country()).isEqualTo("DE");
    }

    @Test
    void the_deal_value_comes_from_the_configured_column() {
        // given
        OpportunityMapper custom = new OpportunityMapper(MappingConfig.fromJson(TestJson.MAPPER, "{\"dealValueColumn\": \"new_dealvalue\"}"),
                TestJson.MAPPER);

        // when
        MappedOpportunity mapped = custom.map(records(row -> row.put("new_dealvalue", 1234.5)));

        // then
        assertThat(custom.opportunityColumns()).contains("new_dealvalue").doesNotContain("estimatedvalue");
        assertThat(mapped.field(ReferralFields.DEAL_VALUE)).contains("1234.5");
    }

    @Test
    void an_empty_name_falls_back_to_the_account_name() {
        // when
        MappedOpportunity mapped = mapper.map(records(row -> row.put("name", "✘ ")));

        // then
        assertThat(mapped.field(ReferralFields.NAME)).contains("Northwind Traders");
    }

    @Test
    void an_option_the_configuration_does_not_know_is_reported_not_sent() {
        // when
        MappedOpportunity mapped = mapper.map(records(row -> row.put("cosell_microsofthelp", 100000099)));

        // then
        assertThat(mapped.unknownHelpOption()).contains(100000099);
        assertThat(mapped.field(ReferralFields.MICROSOFT_HELP)).isEmpty();
    }

    @Test
    void accept_and_decline_come_from_the_referral_response() {
        // when
        MappedOpportunity accepted = mapper.map(records(row -> row.put("cosell_referralresponse", 100000000)));
        MappedOpportunity declined = mapper.map(records(row -> row.put("cosell_referralresponse", 100000001)
                .put("cosell_declinereason", " No capacity this quarter ")));

        // then
        assertThat(accepted.requestedStatus()).contains(ReferralStatusChange.accept());
        assertThat(declined.requestedStatus()).contains(ReferralStatusChange.decline(Optional.of("No capacity this quarter")));
        assertThat(declined.requestedStatus().orElseThrow().status()).isEqualTo(ReferralStatus.CLOSED);
        assertThat(declined.requestedStatus().orElseThrow().substatus()).isEqualTo(ReferralSubstatus.DECLINED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 | 3 |                       | Won      | Won",
            "2 | 4 |                       | Lost     | Canceled",
            "2 | 5 | Went with a competitor | Lost     | Out-Sold: Went with a competitor"})
    void won_and_lost_come_from_the_state_with_the_status_label_and_close_description(
            int state, int status, String description, String substatus, String reason) {
        // given
        OpportunityRecords closed = records(row -> row.put("statecode", state).put("statuscode", status));
        OpportunityRecords withDescription = new OpportunityRecords(closed.opportunityId(), closed.opportunity(),
                closed.account(), closed.contacts(), closed.solutions(), closed.currency(), Optional.ofNullable(description));

        // when
        ReferralStatusChange change = mapper.map(withDescription).requestedStatus().orElseThrow();

        // then
        assertThat(change.status()).isEqualTo(ReferralStatus.CLOSED);
        assertThat(change.substatus().value()).isEqualTo(substatus);
        assertThat(change.reason()).contains(reason);
    }

    @Test
    void a_closed_state_wins_over_a_referral_response() {
        // when
        MappedOpportunity mapped = mapper.map(records(row -> row.put("statecode", 1).put("statuscode", 3)
                .put("cosell_referralresponse", 100000000)));

        // then
        assertThat(mapped.requestedStatus().orElseThrow().substatus()).isEqualTo(ReferralSubstatus.WON);
    }

    @ParameterizedTest
    @CsvSource({"New, true, true, true", "Active, false, false, true", "Closed, false, false, false"})
    void status_changes_follow_the_transition_table(String current, boolean accept, boolean decline, boolean win) {
        assertThat(ReferralStatusChange.accept().appliesTo(current)).isEqualTo(accept);
        assertThat(ReferralStatusChange.decline(Optional.of("x")).appliesTo(current)).isEqualTo(decline);
        assertThat(ReferralStatusChange.won("Won").appliesTo(current)).isEqualTo(win);
        assertThat(ReferralStatusChange.lost("Canceled").appliesTo(current)).isEqualTo(win);
    }

    @Test
    void duplicate_solution_rows_are_sent_once() {
        // given
        OpportunityRecords base = records();
        OpportunityRecords twice = new OpportunityRecords(base.opportunityId(), base.opportunity(), base.account(),
                base.contacts(), List.of(base.solutions().get(0), base.solutions().get(0)), base.currency(),
                Optional.empty());

        // when
        MappedOpportunity mapped = mapper.map(twice);

        // then
        assertThat(mapped.solutions()).hasSize(1);
    }
}
