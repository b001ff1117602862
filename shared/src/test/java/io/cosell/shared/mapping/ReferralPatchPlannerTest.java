package io.cosell.shared.mapping;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.cosell.shared.mapping.OpportunityFixtures.json;
import static io.cosell.shared.mapping.OpportunityFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;

class ReferralPatchPlannerTest {

    private final MappingConfig config = MappingConfig.defaults();
    private final OpportunityMapper mapper = new OpportunityMapper(config, TestJson.MAPPER);

    /** The snapshot of an opportunity synced as {@link OpportunityFixtures#opportunity()}, status Active/Accepted. */
    private Map<String, String> base() {
        Map<String, String> base = new HashMap<>(mapper.map(records()).partnerCenterFields());
        base.put(ReferralFields.STATUS, "Active");
        base.put(ReferralFields.SUBSTATUS, "Accepted");
        return base;
    }

    private static Map<String, String> with(Map<String, String> fields, String path, String value) {
        Map<String, String> changed = new HashMap<>(fields);
        if (value == null) {
            changed.remove(path);
        } else {
            changed.put(path, value);
        }
        return changed;
    }

    private PatchPlan plan(UnaryOperator<ObjectNode> crmEdit, Map<String, String> partnerCenter) {
        return plan(config, crmEdit, partnerCenter);
    }

    private PatchPlan plan(MappingConfig config, UnaryOperator<ObjectNode> crmEdit, Map<String, String> partnerCenter) {
        return new ReferralPatchPlanner(config, TestJson.MAPPER).plan(mapper.map(records(crmEdit)), base(),
                PartnerCenterSide.asSnapshotted(partnerCenter));
    }

    private static List<String> ops(PatchPlan plan) {
        return plan.operations().stream().map(op -> op.op() + " " + op.path() + " " + op.value()).toList();
    }

    @Test
    void nothing_changed_in_the_crm_sends_nothing() {
        PatchPlan plan = plan(UnaryOperator.identity(), base());
        assertThat(plan.sendsNothing()).isTrue();
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void crm_edits_are_sent_as_replace_operations_of_their_paths() {
        PatchPlan plan = plan(row -> row.put("name", "✔ Northwind - landing zone v2").put("estimatedvalue", 90000)
                .put("estimatedclosedate", "2025-10-31").put("description", "Now four subscriptions"), base());
        assertThat(ops(plan)).containsExactly(
                "replace /name \"Northwind - landing zone v2\"",
                "replace /details/dealValue 90000",
                "replace /details/closingDateTime \"2025-10-31T00:00:00Z\"",
                "replace /details/notes \"Now four subscriptions\"");
        assertThat(plan.sentPaths()).containsExactly(ReferralFields.NAME, ReferralFields.DEAL_VALUE,
                ReferralFields.CLOSING_DATE, ReferralFields.NOTES);
    }

    @Test
    void values_that_only_look_different_are_not_sent() {
        // given: Partner Center's close date later that day, the solutions in another order, the deal value with decimals
        Map<String, String> base = with(with(with(base(), ReferralFields.CLOSING_DATE, "2025-09-30T17:45:00Z"),
                ReferralFields.SOLUTIONS, "SOL-20481-XKA, SOL-15974-MQF"), ReferralFields.DEAL_VALUE, "85000.00");

        // when
        PatchPlan plan = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(mapper.map(records()), base,
                PartnerCenterSide.asSnapshotted(base));

        // then
        assertThat(plan.sendsNothing()).isTrue();
    }

    @Test
    void a_change_made_in_partner_center_only_is_kept() {
        PatchPlan plan = plan(row -> row.put("estimatedvalue", 90000), with(base(), ReferralFields.NOTES, "Microsoft's notes"));
        assertThat(plan.sentPaths()).containsExactly(ReferralFields.DEAL_VALUE);
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void a_true_conflict_keeps_the_crm_value_by_default_and_says_so() {
        PatchPlan plan = plan(row -> row.put("estimatedvalue", 90000), with(base(), ReferralFields.DEAL_VALUE, "70000"));
        assertThat(ops(plan)).containsExactly("replace /details/dealValue 90000");
        assertThat(plan.notes()).containsExactly("conflict on deal value: changed in the CRM (90000) and in Partner "
                + "Center (70000) since the last sync; kept the CRM's value (conflictWinner CRM)");
    }

    @Test
    void a_true_conflict_keeps_partner_centers_value_when_configured() {
        PatchPlan plan = plan(config.withConflictWinner(ConflictWinner.PARTNER_CENTER),
                row -> row.put("estimatedvalue", 90000), with(base(), ReferralFields.DEAL_VALUE, "70000"));
        assertThat(plan.sendsNothing()).isTrue();
        assertThat(plan.notes()).singleElement().asString().contains("kept Partner Center's value (conflictWinner PARTNER_CENTER)");
    }

    @Test
    void the_same_change_on_both_sides_is_no_conflict() {
        PatchPlan plan = plan(row -> row.put("estimatedvalue", 90000), with(base(), ReferralFields.DEAL_VALUE, "90000"));
        assertThat(plan.sendsNothing()).isTrue();
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void visibility_cannot_be_withdrawn() {
        // given: a partner-led referral (no help) that is visible; the seller unticks visibility
        Map<String, String> base = with(base(), ReferralFields.MICROSOFT_HELP, null);
        PatchPlan plan = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(
                mapper.map(records(row -> row.putNull("cosell_microsofthelp").put("cosell_visibletomicrosoft", false))),
                base, PartnerCenterSide.asSnapshotted(base));

        assertThat(plan.sendsNothing()).isTrue();
        assertThat(plan.notes()).singleElement().asString().startsWith("visibility to Microsoft sellers was not withdrawn");
        assertThat(plan.crmRestores()).isEqualTo(json("{\"cosell_visibletomicrosoft\": true}"));
    }

    @Test
    void microsoft_help_cannot_be_withdrawn() {
        PatchPlan plan = plan(row -> row.putNull("cosell_microsofthelp").put("cosell_visibletomicrosoft", true), base());
        assertThat(plan.sendsNothing()).isTrue();
        assertThat(plan.crmRestores()).isEqualTo(json("{\"cosell_microsofthelp\": 100000001}"));
    }

    @Test
    void choosing_help_later_turns_the_referral_into_co_sell() {
        // given: a private referral, read just now (no inviteContext)
        Map<String, String> base = with(with(base(), ReferralFields.MICROSOFT_HELP, null), ReferralFields.VISIBLE_TO_MICROSOFT, "false");
        Referral current = TestJson.REFERRAL_JSON.read("""
                {"id": "r1", "status": "Active", "substatus": "Accepted", "consent": {"consentToShareReferralWithMicrosoftSellers": false},
                 "customerProfile": {"name": "Northwind Traders"}, "details": {"requirements": {"solutions": []}}}
                """.getBytes(StandardCharsets.UTF_8), Referral.class);
        MappedOpportunity crm = mapper.map(records());

        // when
        PatchPlan unknownStructure = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(crm, base, PartnerCenterSide.asSnapshotted(base));
        PatchPlan plan = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(crm, base,
                new PartnerCenterSide(base, java.util.Optional.of(current)));

        // then
        assertThat(unknownStructure.needsReferral()).isTrue();
        assertThat(plan.coSellConversion()).isTrue();
        assertThat(ops(plan)).containsExactly(
                "replace /consent/consentToShareReferralWithMicrosoftSellers true",
                "add /inviteContext {\"assistanceRequestCode\":\"CustomerTechnicalArchitecture\"}",
                "add /customerProfile/team [{\"firstName\":\"Aoife\",\"lastName\":\"Byrne\",\"phoneNumber\":\"+353 1 555 0100\","
                        + "\"email\":\"aoife@northwind.example\",\"title\":\"CTO\"}]");
    }

    @Test
    void solution_changes_replace_the_solutions_and_the_targets() {
        Map<String, String> base = with(base(), ReferralFields.SOLUTIONS, "SOL-15974-MQF");
        PatchPlan plan = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(mapper.map(records()), base, PartnerCenterSide.asSnapshotted(base));
        assertThat(plan.operations()).extracting(PatchOperation::path)
                .containsExactly(ReferralFields.SOLUTIONS, "/target");
        assertThat(plan.operations().get(1).value()).isEqualTo(json("""
                {"t": [{"type": "SolutionProfile", "id": "SOL-15974-MQF"}, {"type": "SolutionProfile", "id": "SOL-20481-XKA"}]}
                """).get("t"));
    }

    @Test
    void accepting_moves_a_new_referral_to_active_and_nothing_else() {
        Map<String, String> invitation = with(with(base(), ReferralFields.STATUS, "New"), ReferralFields.SUBSTATUS, "Received");
        MappedOpportunity accepted = mapper.map(records(row -> row.put("cosell_referralresponse", 100000000)));

        PatchPlan onNew = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(accepted, invitation, PartnerCenterSide.asSnapshotted(invitation));
        PatchPlan onActive = new ReferralPatchPlanner(config, TestJson.MAPPER).plan(accepted, base(), PartnerCenterSide.asSnapshotted(base()));

        assertThat(ops(onNew)).containsExactly("replace /status \"Active\"", "replace /substatus \"Accepted\"");
        assertThat(onActive.sendsNothing()).isTrue();
    }

    @Test
    void winning_closes_the_referral_with_a_reason() {
        PatchPlan plan = plan(row -> row.put("statecode", 1).put("statuscode", 3), base());
        assertThat(ops(plan)).containsExactly("replace /status \"Closed\"", "replace /substatus \"Won\"",
                "replace /statusReason \"Won\"");
    }

    @Test
    void a_closed_referral_is_terminal() {
        assertThat(PartnerCenterSide.asSnapshotted(with(base(), ReferralFields.STATUS, "Closed")).isTerminal()).isTrue();
        assertThat(PartnerCenterSide.asSnapshotted(base()).isTerminal()).isFalse();
    }
}
