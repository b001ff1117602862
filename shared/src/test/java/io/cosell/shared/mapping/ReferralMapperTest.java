package io.cosell.shared.mapping;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cosell.shared.referral.Referral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ReferralMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "3f1c2a9e-7b4d-4e21-9c55-0d8a6e2b4f10";

    private final ReferralMapper mapper = new ReferralMapper(MappingConfig.defaults(), TestJson.MAPPER);

    /** A realistic incoming referral as Partner Center sends it, changed by {@code edit}. */
    private static Referral referral(Consumer<ObjectNode> edit) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree("""
                    {"id": "%s", "engagementId": "a7d5e3c1-2b9f-4c8e-8f60-1e2d3c4b5a69",
                     "name": "Northwind Traders - Azure landing zone", "organizationId": "partner-org",
                     "createdDateTime": "2025-03-03T09:15:22.1234567Z", "updatedDateTime": "2025-03-05T14:02:10.7654321Z",
                     "status": "New", "substatus": "Received", "type": "Shared", "direction": "Incoming",
                     "eTag": "\\"6f00a1b2\\"",
                     "customerProfile": {"name": "Northwind Traders", "size": "251to1000employees",
                        "address": {"addressLine1": "1 Harbour Street", "city": "Dublin", "state": "Leinster",
                                    "postalCode": "D02 XY45", "country": "ie"},
                        "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife@northwind.example",
                                  "phoneNumber": "+353 1 555 0100", "title": "CTO"},
                                 {"firstName": "Sean", "email": "sean@northwind.example"}]},
                     "consent": {"consentToToShareInfoWithOthers": true, "consentToContact": true,
                                 "consentToShareReferralWithMicrosoftSellers": true},
                     "details": {"notes": "Landing zone for 3 subscriptions", "dealValue": 85000.00, "currency": "EUR",
                                 "closingDateTime": "2025-09-30T23:30:00Z",
                                 "requirements": {"solutions": [
                                    {"id": "SOL-15974-MQF", "name": "Contoso Cloud Migration Factory", "type": "Name"},
                                    {"id": "SOL-20481-XKA", "type": "SolutionCatalogV2"},
                                    {"name": "no id"}]}},
                     "team": [{"firstName": "Morgan", "lastName": "Seller", "email": "morgan@microsoft.example"}],
                     "inviteContext": {"assistanceRequestCode": "CustomerTechnicalArchitecture",
                                       "invitedBy": {"organizationId": "msft", "organizationName": "Microsoft"}},
                     "trackingInfo": {"microsoftMsxId": "7-3KX8F9Q2"}}
                    """.formatted(ID));
            edit.accept(json);
            return TestJson.REFERRAL_JSON.read(json.toString().getBytes(StandardCharsets.UTF_8), Referral.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Referral accepted(Consumer<ObjectNode> edit) {
        return referral(json -> {
            json.put("status", "Active").put("substatus", "Accepted").put("acceptedDateTime", "2025-03-04T08:00:00Z");
            edit.accept(json);
        });
    }

    private MappedReferral mapped(Referral referral) {
        return (MappedReferral) mapper.map(referral, Optional.empty());
    }

    @Test
    void a_new_referral_becomes_an_open_lead_with_the_customer_and_deal() {
        // when
        MappedReferral lead = mapped(referral(json -> { }));

        // then
        assertThat(lead.kind()).isEqualTo(CrmRecordKind.LEAD);
        assertThat(lead.stage()).contains(CrmStage.LEAD_OPEN);
        ObjectNode row = lead.record();
        assertThat(row.get("subject").asText()).isEqualTo("✔ Northwind Traders - Azure landing zone");
        assertThat(row.get("companyname").asText()).isEqualTo("Northwind Traders");
        assertThat(row.get("firstname").asText()).isEqualTo("Aoife");
        assertThat(row.get("lastname").asText()).isEqualTo("Byrne");
        assertThat(row.get("emailaddress1").asText()).isEqualTo("aoife@northwind.example");
        assertThat(row.get("telephone1").asText()).isEqualTo("+353 1 555 0100");
        assertThat(row.get("jobtitle").asText()).isEqualTo("CTO");
        assertThat(row.get("budgetamount").decimalValue()).isEqualByComparingTo("85000");
        assertThat(row.get("estimatedclosedate").asText()).isEqualTo("2025-09-30");
        assertThat(row.get("description").asText()).isEqualTo("Landing zone for 3 subscriptions");
        assertThat(row.get("address1_line1").asText()).isEqualTo("1 Harbour Street");
        assertThat(row.get("address1_city").asText()).isEqualTo("Dublin");
        assertThat(row.get("address1_stateorprovince").asText()).isEqualTo("Leinster");
        assertThat(row.get("address1_postalcode").asText()).isEqualTo("D02 XY45");
        assertThat(row.get("address1_country").asText()).isEqualTo("IE");
        assertThat(row.has("cosell_referralid")).as("the key is in the URL, not the body").isFalse();
        assertThat(lead.currency()).contains("EUR");
    }

    @Test
    void an_accepted_referral_becomes_an_open_opportunity_with_every_connector_column() {
        // when
        MappedReferral opportunity = mapped(accepted(json -> { }));

        // then
        assertThat(opportunity.kind()).isEqualTo(CrmRecordKind.OPPORTUNITY);
        assertThat(opportunity.stage()).contains(CrmStage.OPPORTUNITY_OPEN);
        ObjectNode row = opportunity.record();
        assertThat(row.get("name").asText()).isEqualTo("✔ Northwind Traders - Azure landing zone");
        assertThat(row.get("estimatedvalue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(row.get("estimatedclosedate").asText()).isEqualTo("2025-09-30");
        assertThat(row.get("description").asText()).isEqualTo("Landing zone for 3 subscriptions");
        assertThat(row.get("cosell_syncwithpartnercenter").asBoolean()).isTrue();
        assertThat(row.get("cosell_referrallink").asText())
                .isEqualTo("https://partner.microsoft.com/dashboard/referrals/v2/opportunities/" + ID);
        assertThat(row.get("cosell_microsoftcrmid").asText()).isEqualTo("7-3KX8F9Q2");
        assertThat(row.get("cosell_visibletomicrosoft").asBoolean()).isTrue();
        assertThat(row.get("cosell_microsofthelp").asInt()).isEqualTo(100000001);
        assertThat(row.has("cosell_referralid")).isFalse();
        assertThat(opportunity.warnings()).isEmpty();
    }

    @Test
    void the_deal_value_goes_to_the_configured_column() {
        // given
        ReferralMapper custom = new ReferralMapper(MappingConfig.fromJson(TestJson.MAPPER, "{\"dealValueColumn\": \"new_dealvalue\"}"),
                TestJson.MAPPER);

        // when
        MappedReferral opportunity = (MappedReferral) custom.map(accepted(json -> { }), Optional.empty());

        // then
        assertThat(opportunity.record().get("new_dealvalue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(opportunity.record().has("estimatedvalue")).isFalse();
    }

    @Test
    void values_missing_in_partner_center_are_written_as_null_so_removed_values_are_cleared() {
        // when
        MappedReferral opportunity = mapped(accepted(json -> {
            json.remove("details");
            json.remove("trackingInfo");
        }));

        // then
        assertThat(opportunity.record().get("estimatedvalue").isNull()).isTrue();
        assertThat(opportunity.record().get("estimatedclosedate").isNull()).isTrue();
        assertThat(opportunity.record().get("description").isNull()).isTrue();
        assertThat(opportunity.record().get("cosell_microsoftcrmid").isNull()).isTrue();
        assertThat(opportunity.currency()).isEmpty();
        assertThat(opportunity.solutions()).isEmpty();
    }

    @Test
    void a_new_referral_becomes_an_opportunity_when_configured() {
        // given
        ReferralMapper opportunities = new ReferralMapper(
                MappingConfig.defaults().withNewReferralBecomes(NewReferralTarget.OPPORTUNITY), TestJson.MAPPER);

        // when
        MappedReferral mapped = (MappedReferral) opportunities.map(referral(json -> { }), Optional.empty());

        // then
        assertThat(mapped.kind()).isEqualTo(CrmRecordKind.OPPORTUNITY);
        assertThat(mapped.stage()).contains(CrmStage.OPPORTUNITY_OPEN);
    }

    @ParameterizedTest(name = "{0}/{1} accepted={2} linked={3} -> {4}")
    @CsvSource({
            "New,      Pending,  false, ,            LEAD_OPEN",
            "New,      Received, false, ,            LEAD_OPEN",
            "New,      Received, false, OPPORTUNITY, OPPORTUNITY_OPEN",
            "Active,   Accepted, false, ,            OPPORTUNITY_OPEN",
            "Active,   Accepted, true,  LEAD,        OPPORTUNITY_OPEN",
            "Closed,   Won,      false, ,            OPPORTUNITY_WON",
            "Closed,   Won,      false, LEAD,        OPPORTUNITY_WON",
            "Closed,   Lost,     true,  ,            OPPORTUNITY_LOST",
            "Closed,   Lost,     false, LEAD,        LEAD_LOST",
            "Closed,   Declined, false, ,            LEAD_CANCELED",
            "Closed,   Expired,  false, LEAD,        LEAD_CANCELED",
            "Closed,   Declined, true,  OPPORTUNITY, OPPORTUNITY_LOST",
            "Closed,   Expired,  false, OPPORTUNITY, OPPORTUNITY_LOST",
    })
    void status_and_substatus_map_to_the_crm_state(String status, String substatus, boolean accepted,
                                                   CrmRecordKind linked, CrmStage expected) {
        // given
        Referral referral = referral(json -> {
            json.put("status", status).put("substatus", substatus);
            if (accepted) {
                json.put("acceptedDateTime", "2025-03-04T08:00:00Z");
            }
        });

        // when
        MappedReferral mapped = (MappedReferral) mapper.map(referral, Optional.ofNullable(linked));

        // then
        assertThat(mapped.stage()).contains(expected);
        assertThat(mapped.kind()).isEqualTo(expected.kind());
    }

    @Test
    void unknown_status_values_leave_the_crm_state_alone_and_say_so() {
        // when
        MappedReferral paused = mapped(referral(json -> json.put("status", "Paused").put("substatus", "OnHold")));
        MappedReferral closedOddly = mapped(accepted(json -> json.put("status", "Closed").put("substatus", "Merged")));

        // then
        assertThat(paused.stage()).isEmpty();
        assertThat(paused.kind()).isEqualTo(CrmRecordKind.LEAD);
        assertThat(paused.warnings()).singleElement().asString().contains("Paused/OnHold");
        assertThat(paused.partnerCenterFields()).containsEntry(ReferralFields.STATUS, "Paused");
        assertThat(closedOddly.stage()).isEmpty();
        assertThat(closedOddly.kind()).isEqualTo(CrmRecordKind.OPPORTUNITY);
    }

    @Test
    void an_unknown_assistance_code_is_not_written_and_unknown_is_silent() {
        // when
        MappedReferral newCode = mapped(accepted(json -> ((ObjectNode) json.get("inviteContext"))
                .put("assistanceRequestCode", "MarketplaceTransact")));
        MappedReferral unknown = mapped(accepted(json -> ((ObjectNode) json.get("inviteContext"))
                .put("assistanceRequestCode", "Unknown")));

        // then
        assertThat(newCode.record().has("cosell_microsofthelp")).isFalse();
        assertThat(newCode.warnings()).singleElement().asString().contains("MarketplaceTransact");
        assertThat(unknown.record().has("cosell_microsofthelp")).isFalse();
        assertThat(unknown.warnings()).isEmpty();
    }

    @Test
    void the_customer_becomes_an_account_with_a_two_letter_country_and_its_match_values() {
        // when
        MappedReferral mapped = mapped(referral(json -> { }));

        // then
        assertThat(mapped.account().get("name").asText()).isEqualTo("Northwind Traders");
        assertThat(mapped.account().get("address1_line1").asText()).isEqualTo("1 Harbour Street");
        assertThat(mapped.account().get("address1_city").asText()).isEqualTo("Dublin");
        assertThat(mapped.account().get("address1_stateorprovince").asText()).isEqualTo("Leinster");
        assertThat(mapped.account().get("address1_postalcode").asText()).isEqualTo("D02 XY45");
        assertThat(mapped.account().get("address1_country").asText()).isEqualTo("IE");
        assertThat(mapped.accountMatch().toString())
                .isEqualTo("{\"name\":\"Northwind Traders\",\"address1_postalcode\":\"D02 XY45\"}");
    }

    @Test
    void a_missing_postal_code_matches_accounts_without_one() {
        // when
        MappedReferral mapped = mapped(referral(json -> ((ObjectNode) json.at("/customerProfile/address")).remove("postalCode")));

        // then
        assertThat(mapped.accountMatch().get("address1_postalcode").isNull()).isTrue();
        assertThat(mapped.account().has("address1_postalcode")).isFalse();
    }

    @Test
    void with_a_country_lookup_the_code_goes_to_the_helper_column() {
        // given
        ReferralMapper lookup = new ReferralMapper(MappingConfig.defaults()
                .withAccountCountry(CountryMapping.lookup("new_countryid", "new_countrycode")), TestJson.MAPPER);

        // when
        MappedReferral mapped = (MappedReferral) lookup.map(referral(json -> { }), Optional.empty());

        // then
        assertThat(mapped.account().get("new_countrycode").asText()).isEqualTo("IE");
        assertThat(mapped.account().has("address1_country")).isFalse();
        assertThat(mapped.account().has("new_countryid")).isFalse();
    }

    @Test
    void each_customer_team_member_becomes_a_contact_with_a_last_name() {
        // when
        MappedReferral mapped = mapped(referral(json -> ((ArrayNode)
                json.at("/customerProfile/team")).addObject().put("email", "ops@northwind.example")
                .put("phoneNumber", "+353 1 555 0199")));

        // then
        assertThat(mapped.contacts()).hasSize(3);
        assertThat(mapped.contacts().get(0).toString()).isEqualTo("{\"firstname\":\"Aoife\",\"lastname\":\"Byrne\","
                + "\"emailaddress1\":\"aoife@northwind.example\",\"telephone1\":\"+353 1 555 0100\",\"jobtitle\":\"CTO\"}");
        assertThat(mapped.contacts().get(1).get("lastname").asText()).as("first name stands in").isEqualTo("Sean");
        assertThat(mapped.contacts().get(1).has("firstname")).isFalse();
        assertThat(mapped.contacts().get(2).get("lastname").asText()).as("e-mail's local part").isEqualTo("ops");
    }

    @Test
    void a_contact_with_no_name_and_no_email_still_gets_a_last_name() {
        // when
        MappedReferral mapped = mapped(referral(json -> {
            ObjectNode customer = (ObjectNode) json.get("customerProfile");
            customer.putArray("team").addObject().put("phoneNumber", "+353 1 555 0000");
        }));

        // then
        assertThat(mapped.contacts()).singleElement().extracting(c -> c.get("lastname").asText()).isEqualTo("Customer contact");
        assertThat(mapped.record().get("lastname").asText()).isEqualTo("Customer contact");
    }

    @Test
    void solutions_become_rows_and_unknown_types_are_kept_as_text() {
        // when
        MappedReferral mapped = mapped(accepted(json -> { }));

        // then
        assertThat(mapped.solutions()).hasSize(2);
        assertThat(mapped.solutions().get(0).toString()).isEqualTo("{\"cosell_solutionid\":\"SOL-15974-MQF\","
                + "\"cosell_name\":\"Contoso Cloud Migration Factory\",\"cosell_type\":\"Name\"}");
        assertThat(mapped.solutions().get(1).toString()).isEqualTo("{\"cosell_solutionid\":\"SOL-20481-XKA\","
                + "\"cosell_name\":\"SOL-20481-XKA\",\"cosell_type\":\"SolutionCatalogV2\"}");
    }

    @Test
    void a_referral_without_a_customer_name_cannot_be_mapped() {
        // when
        MappingResult noName = mapper.map(referral(json -> ((ObjectNode) json.get("customerProfile")).put("name", " ")),
                Optional.empty());
        MappingResult noCustomer = mapper.map(referral(json -> json.remove("customerProfile")), Optional.empty());

        // then
        assertThat(noName).isEqualTo(new MappingProblem(ID,
                "Cannot sync referral " + ID + ": the customer's company name is missing in Partner Center."));
        assertThat(noCustomer).isInstanceOf(MappingProblem.class);
    }

    @Test
    void names_carry_a_check_mark_unless_switched_off_and_old_marks_are_replaced() {
        // given
        ReferralMapper noMarks = new ReferralMapper(MappingConfig.defaults().withCheckMarks(false), TestJson.MAPPER);
        Referral marked = accepted(json -> json.put("name", "✘ Northwind deal"));

        // when
        MappedReferral withMarks = mapped(marked);
        MappedReferral without = (MappedReferral) noMarks.map(marked, Optional.empty());

        // then
        assertThat(withMarks.record().get("name").asText()).isEqualTo("✔ Northwind deal");
        assertThat(without.record().get("name").asText()).isEqualTo("Northwind deal");
    }

    @Test
    void a_referral_without_a_name_is_named_after_the_customer() {
        // when
        MappedReferral mapped = mapped(accepted(json -> json.remove("name")));

        // then
        assertThat(mapped.record().get("name").asText()).isEqualTo("✔ Northwind Traders");
    }

    @Test
    void default_values_fill_mandatory_columns_but_never_override_mapped_ones() {
        // given
        ReferralMapper withDefaults = new ReferralMapper(MappingConfig.defaults().withDefaultValues(new ColumnDefaults(
                Map.of("new_region", TextNode.valueOf("EMEA"), "description", TextNode.valueOf("(none)")),
                Map.of("leadsourcecode", JSON.getNodeFactory().numberNode(8)),
                Map.of("industrycode", JSON.getNodeFactory().numberNode(3)),
                Map.of("preferredcontactmethodcode", JSON.getNodeFactory().numberNode(2)))), TestJson.MAPPER);

        // when
        MappedReferral opportunity = (MappedReferral) withDefaults.map(accepted(json -> { }), Optional.empty());
        MappedReferral lead = (MappedReferral) withDefaults.map(referral(json -> { }), Optional.empty());

        // then
        assertThat(opportunity.record().get("new_region").asText()).isEqualTo("EMEA");
        assertThat(opportunity.record().get("description").asText()).isEqualTo("Landing zone for 3 subscriptions");
        assertThat(lead.record().get("leadsourcecode").asInt()).isEqualTo(8);
        assertThat(lead.account().get("industrycode").asInt()).isEqualTo(3);
        assertThat(lead.contacts().getFirst().get("preferredcontactmethodcode").asInt()).isEqualTo(2);
    }

    @Test
    void long_texts_are_cut_to_the_column_length() {
        // when
        MappedReferral mapped = mapped(accepted(json -> {
            json.put("name", "N".repeat(400));
            ((ObjectNode) json.get("details")).put("notes", "x".repeat(3000));
        }));

        // then
        assertThat(mapped.record().get("name").asText()).hasSize(300);
        assertThat(mapped.record().get("description").asText()).hasSize(2000);
    }

    @Test
    void partner_center_fields_are_kept_by_json_patch_path() {
        // when
        Map<String, String> fields = mapped(accepted(json -> { })).partnerCenterFields();

        // then
        assertThat(fields).containsEntry(ReferralFields.NAME, "Northwind Traders - Azure landing zone")
                .containsEntry(ReferralFields.DEAL_VALUE, "85000")
                .containsEntry(ReferralFields.CURRENCY, "EUR")
                .containsEntry(ReferralFields.CLOSING_DATE, "2025-09-30T23:30:00Z")
                .containsEntry(ReferralFields.STATUS, "Active")
                .containsEntry(ReferralFields.SUBSTATUS, "Accepted")
                .containsEntry(ReferralFields.MICROSOFT_CRM_ID, "7-3KX8F9Q2")
                .containsEntry(ReferralFields.VISIBLE_TO_MICROSOFT, "true")
                .containsEntry(ReferralFields.MICROSOFT_HELP, "CustomerTechnicalArchitecture")
                .containsEntry(ReferralFields.TEAM, "Morgan Seller <morgan@microsoft.example>")
                .containsEntry(ReferralFields.SOLUTIONS, "SOL-15974-MQF, SOL-20481-XKA");
        assertThat(fields.get(ReferralFields.CUSTOMER)).contains("Northwind Traders", "D02 XY45", "aoife@northwind.example");
    }
}
