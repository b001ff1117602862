package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import static io.cosell.shared.mapping.OpportunityFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Partner role, solution area and solution play: read from configured columns, checked against configured values. */
class ReferralTaxonomyTest {

    private static final String TAXONOMY = """
            {"taxonomy": {"partnerRoleColumn": "new_partnerrole", "solutionAreaColumn": "new_solutionarea",
              "solutionPlayColumn": "new_solutionplay", "partnerRoles": ["Services", "Reseller"],
              "solutionPlays": {"Area One": ["Play A", "Play B"], "Area Two": ["Play C"]},
              "servicesCoSell": true}}""";

    private final MappingConfig config = MappingConfig.fromJson(TestJson.MAPPER, TAXONOMY);
    private final OpportunityMapper mapper = new OpportunityMapper(config, TestJson.MAPPER);
    private final OpportunityValidation validation = new OpportunityValidation(config);

    private static OpportunityRecords opportunity(String role, String area, String play) {
        return records(row -> {
            putOrNull(row, "new_partnerrole", role);
            putOrNull(row, "new_solutionarea", area);
            putOrNull(row, "new_solutionplay", play);
            return row;
        });
    }

    private static void putOrNull(ObjectNode row, String column, String value) {
        if (value == null) {
            row.putNull(column);
        } else {
            row.put(column, value);
        }
    }

    @Test
    void the_configured_columns_are_read_and_sent_as_the_referrals_partner_role_solution_area_and_play() {
        // when
        MappedOpportunity mapped = mapper.map(opportunity("Services", "Area One", " Play B "));

        // then
        assertThat(mapper.opportunityColumns()).contains("new_partnerrole", "new_solutionarea", "new_solutionplay");
        ObjectNode body = (ObjectNode) TestJson.REFERRAL_JSON.tree(mapped.referralToCreate());
        assertThat(body.path("partnerRole").asText()).isEqualTo("Services");
        assertThat(body.path("solutionArea").asText()).isEqualTo("Area One");
        assertThat(body.path("solutionPlay").asText()).isEqualTo("Play B");
        assertThat(validation.forCreate(mapped)).isEmpty();
    }

    @Test
    void without_a_taxonomy_nothing_is_read_or_sent() {
        // given
        OpportunityMapper plain = new OpportunityMapper(MappingConfig.defaults(), TestJson.MAPPER);

        // when
        ObjectNode body = (ObjectNode) TestJson.REFERRAL_JSON.tree(plain.map(records()).referralToCreate());

        // then
        assertThat(plain.opportunityColumns()).doesNotContain("new_solutionplay");
        assertThat(body.has("partnerRole") || body.has("solutionArea") || body.has("solutionPlay")).isFalse();
    }

    @Test
    void a_solution_play_of_another_area_is_refused_naming_the_plays_of_the_chosen_one() {
        // when
        var problems = validation.forCreate(mapper.map(opportunity("Services", "Area Two", "Play A")));

        // then
        assertThat(problems).containsExactly("Solution play 'Play A' is not one of the plays of solution area "
                + "'Area Two': pick one of Play C in new_solutionplay.");
    }

    @Test
    void unknown_values_are_refused_with_the_values_to_pick_from() {
        // when
        var problems = validation.forCreate(mapper.map(opportunity("Distributor", "Area Nine", "Play Z")));

        // then
        assertThat(problems).containsExactly(
                "Partner role 'Distributor' is not one of the values Partner Center accepts: pick one of Services, "
                        + "Reseller in new_partnerrole.",
                "Solution area 'Area Nine' is not one of the values Partner Center accepts: pick one of Area One, "
                        + "Area Two in new_solutionarea.",
                "Solution play 'Play Z' is not one of the solution plays Partner Center accepts: pick one of Play A, "
                        + "Play B, Play C in new_solutionplay.");
    }

    @Test
    void a_services_co_sell_referral_needs_all_three() {
        // when
        var problems = validation.forCreate(mapper.map(opportunity(null, null, null)));

        // then
        assertThat(problems).containsExactly(
                "Partner role is required for a Services co-sell referral: pick one of Services, Reseller in new_partnerrole.",
                "Solution area is required for a Services co-sell referral: pick one of Area One, Area Two in new_solutionarea.",
                "Solution play is required for a Services co-sell referral: pick one of Play A, Play B, Play C in new_solutionplay.");
    }

    @Test
    void a_referral_without_microsofts_help_is_no_co_sell_and_may_leave_them_empty() {
        // when
        var problems = validation.forCreate(mapper.map(records(row -> {
            row.putNull("cosell_microsofthelp");
            return row;
        })));

        // then
        assertThat(problems).isEmpty();
    }

    @Test
    void a_bad_taxonomy_configuration_fails_at_start_up_naming_every_problem() {
        // when / then
        assertThatThrownBy(() -> MappingConfig.fromJson(TestJson.MAPPER, """
                {"taxonomy": {"partnerRoleColumn": "new partner role", "solutionPlayColumn": "new_solutionplay",
                  "partnerRoles": ["Services", "Services"], "solutionPlays": {"Area One": []},
                  "servicesCoSell": true}}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taxonomy.partnerRoleColumn 'new partner role' is not a column name")
                .hasMessageContaining("taxonomy.partnerRoles lists 'Services' twice")
                .hasMessageContaining("taxonomy.solutionPlays.Area One has no solution plays")
                .hasMessageContaining("taxonomy.servicesCoSell needs partnerRoleColumn, solutionAreaColumn and solutionPlayColumn");
    }

    @Test
    void a_mapped_column_without_its_allowed_values_fails_at_start_up() {
        // when / then
        assertThatThrownBy(() -> MappingConfig.fromJson(TestJson.MAPPER, """
                {"taxonomy": {"solutionPlayColumn": "new_solutionplay"}}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taxonomy.solutionPlays is empty");
    }
}
