package io.cosell.shared.mapping;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingConfigTest {

    @Test
    void defaults_are_the_standard_dataverse_columns_and_the_connector_columns() {
        // when
        MappingConfig config = MappingConfig.defaults();

        // then
        assertThat(config.dealValueColumn()).isEqualTo("estimatedvalue");
        assertThat(config.leadDealValueColumn()).isEqualTo("budgetamount");
        assertThat(config.currencyLookup()).isEqualTo("transactioncurrencyid");
        assertThat(config.closeDateColumn()).isEqualTo("estimatedclosedate");
        assertThat(config.accountMatchColumns()).containsExactly("name", "address1_postalcode");
        assertThat(config.accountCountry()).isEqualTo(CountryMapping.text("address1_country"));
        assertThat(config.accountCountry().codeColumn()).isEqualTo("address1_country");
        assertThat(config.newReferralBecomes()).isEqualTo(NewReferralTarget.LEAD);
        assertThat(config.checkMarks()).isTrue();
        assertThat(config.connectorColumns().referralId()).isEqualTo("cosell_referralid");
        assertThat(config.connectorColumns().audit()).isEqualTo("cosell_audit");
        assertThat(config.connectorColumns().solutionOpportunity()).isEqualTo("cosell_opportunityid");
        assertThat(config.microsoftHelpValues()).containsEntry("GeneralOrOther", 100000000)
                .containsEntry("CustomerTechnicalArchitecture", 100000001)
                .containsEntry("WorkloadSpecificValueProposition", 100000005);
    }

    @Test
    void json_overrides_what_it_names_and_keeps_defaults_for_the_rest() {
        // when
        MappingConfig config = MappingConfig.fromJson(TestJson.MAPPER, """
                {"dealValueColumn": "new_dealvalue",
                 "newReferralBecomes": "OPPORTUNITY",
                 "checkMarks": false,
                 "accountCountry": {"mode": "LOOKUP", "column": "new_countryid", "helperTextColumn": "new_countrycode"},
                 "accountMatchColumns": ["name", "new_countrycode"],
                 "defaultValues": {"opportunity": {"new_region": "EMEA", "ownerid@odata.bind": "/teams(00000000-0000-0000-0000-000000000001)"},
                                   "contact": {"preferredcontactmethodcode": 2}},
                 "connectorColumns": {"audit": "new_syncaudit"}}
                """);

        // then
        assertThat(config.dealValueColumn()).isEqualTo("new_dealvalue");
        assertThat(config.closeDateColumn()).isEqualTo("estimatedclosedate");
        assertThat(config.newReferralBecomes()).isEqualTo(NewReferralTarget.OPPORTUNITY);
        assertThat(config.checkMarks()).isFalse();
        assertThat(config.accountCountry().codeColumn()).isEqualTo("new_countrycode");
        assertThat(config.defaultValues().opportunity()).containsEntry("new_region", TextNode.valueOf("EMEA"));
        assertThat(config.defaultValues().contact()).containsEntry("preferredcontactmethodcode", IntNode.valueOf(2));
        assertThat(config.connectorColumns().audit()).isEqualTo("new_syncaudit");
        assertThat(config.connectorColumns().referralId()).isEqualTo("cosell_referralid");
    }

    @Test
    void a_misspelt_property_is_rejected_instead_of_ignored() {
        assertThatThrownBy(() -> MappingConfig.fromJson(TestJson.MAPPER, "{\"dealValueColum\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dealValueColum");
    }

    @Test
    void an_empty_deal_value_column_is_rejected_with_a_clear_message() {
        assertThatThrownBy(() -> MappingConfig.fromJson(TestJson.MAPPER, "{\"dealValueColumn\": \"  \"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid mapping configuration: dealValueColumn is empty; it must name an opportunity "
                        + "column such as estimatedvalue");
    }

    @Test
    void every_problem_is_reported_at_once() {
        // when / then
        assertThatThrownBy(() -> new MappingConfig("", null, "transaction currency", null, List.of(),
                CountryMapping.lookup("new_countryid", null), null, null,
                new ColumnDefaults(Map.of("bad column", TextNode.valueOf("x")), null, null, null), null, null,
                "https://example.com/referrals", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dealValueColumn is empty")
                .hasMessageContaining("currencyLookup 'transaction currency' is not a column name")
                .hasMessageContaining("accountCountry.helperTextColumn is empty")
                .hasMessageContaining("accountMatchColumns must name at least one account column")
                .hasMessageContaining("defaultValues.opportunity: 'bad column' is not a column name")
                .hasMessageContaining("referralLinkTemplate must be an http(s) URL containing {id}");
    }

    @Test
    void matching_on_a_column_new_accounts_never_get_is_rejected() {
        assertThatThrownBy(() -> MappingConfig.fromJson(TestJson.MAPPER, "{\"accountMatchColumns\": [\"name\", \"accountnumber\"]}"))
                .hasMessageContaining("accountMatchColumns: 'accountnumber' is not a column the connector fills on new accounts");
    }

    @Test
    void matching_on_a_column_filled_by_a_default_value_is_allowed() {
        // when
        MappingConfig config = MappingConfig.fromJson(TestJson.MAPPER, """
                {"accountMatchColumns": ["name", "accountnumber"],
                 "defaultValues": {"account": {"accountnumber": "PC-REFERRAL"}}}
                """);

        // then
        assertThat(config.accountMatchColumns()).containsExactly("name", "accountnumber");
    }

    @Test
    void the_referral_link_fills_in_the_ids() {
        // given
        MappingConfig config = MappingConfig.defaults()
                .withReferralLinkTemplate("https://pc.example/engagements/{engagementId}/referrals/{id}");

        // when / then
        assertThat(config.referralLink("r-1", "e-9")).isEqualTo("https://pc.example/engagements/e-9/referrals/r-1");
        assertThat(MappingConfig.defaults().referralLink("r-1", null))
                .isEqualTo("https://partner.microsoft.com/dashboard/referrals/v2/opportunities/r-1");
    }

    @Test
    void the_conflict_winner_defaults_to_the_crm_and_can_be_configured() {
        assertThat(MappingConfig.defaults().conflictWinner()).isEqualTo(ConflictWinner.CRM);
        assertThat(MappingConfig.fromJson(TestJson.MAPPER, "{\"conflictWinner\": \"PARTNER_CENTER\"}").conflictWinner())
                .isEqualTo(ConflictWinner.PARTNER_CENTER);
        assertThatThrownBy(() -> MappingConfig.fromJson(TestJson.MAPPER, "{\"conflictWinner\": \"BOTH\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_referral_response_columns_have_defaults_and_are_checked() {
        assertThat(MappingConfig.defaults().connectorColumns().referralResponse()).isEqualTo("cosell_referralresponse");
        assertThat(MappingConfig.defaults().connectorColumns().declineReason()).isEqualTo("cosell_declinereason");
        assertThatThrownBy(() -> MappingConfig.fromJson(TestJson.MAPPER, "{\"connectorColumns\": {\"declineReason\": \"decline reason\"}}"))
                .hasMessageContaining("connectorColumns.declineReason 'decline reason' is not a column name");
    }
}
