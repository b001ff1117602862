package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.mapping.ConflictWinner;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.CrmStage;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.ReferralFields;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbound three-way merge, column by column: snapshot (base), Partner Center now, CRM now. */
class InboundPlannerTest {

    private static final UUID RECORD = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final String ETAG = "W/\"42\"";
    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    /** A referral whose deal value, close date and notes are as given; the rest stays as synced. */
    private static MappedReferral referral(String dealValue, String closeDate, String notes, String name) {
        ObjectNode record = TestJson.MAPPER.createObjectNode();
        record.put("name", "✔ " + name);
        record.set("estimatedvalue", dealValue == null ? record.nullNode() : TestJson.MAPPER.getNodeFactory()
                .numberNode(new java.math.BigDecimal(dealValue)));
        record.put("estimatedclosedate", closeDate);
        record.put("description", notes);
        record.put("cosell_syncwithpartnercenter", true);
        record.put("cosell_microsoftcrmid", "7-MSX");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ReferralFields.NAME, name);
        fields.put(ReferralFields.DEAL_VALUE, dealValue);
        fields.put(ReferralFields.CURRENCY, "USD");
        fields.put(ReferralFields.CLOSING_DATE, closeDate + "T00:00:00Z");
        fields.put(ReferralFields.STATUS, "Active");
        fields.put(ReferralFields.SUBSTATUS, "Accepted");
        fields.values().removeIf(java.util.Objects::isNull);
        return new MappedReferral("r-1", CrmRecordKind.OPPORTUNITY, Optional.of(CrmStage.OPPORTUNITY_OPEN), record,
                TestJson.MAPPER.createObjectNode(), TestJson.MAPPER.createObjectNode(), List.of(), List.of(),
                Optional.of("USD"), fields, List.of());
    }

    private static final MappedReferral SYNCED = referral("50000", "2026-10-31", "Pilot first", "Contoso migration");

    /** The snapshot after SYNCED was written. */
    private static Map<String, String> base() {
        Map<String, String> base = new LinkedHashMap<>();
        SYNCED.record().fields().forEachRemaining(f -> base.put(f.getKey(), f.getValue().toString()));
        base.put("cosell_solutions", "[]");
        base.put("statecode", "0");
        return base;
    }

    /** The record as the CRM has it: SYNCED's columns as Dataverse returns them, with the seller's changes. */
    private static CrmRecord crm(Map<String, Object> sellerChanges) {
        ObjectNode row = TestJson.MAPPER.createObjectNode();
        row.put("opportunityid", RECORD.toString());
        row.put("@odata.etag", ETAG);
        row.put("name", "✔ Contoso migration");
        row.put("estimatedvalue", 50000.0);
        row.put("estimatedclosedate", "2026-10-31");
        row.put("description", "Pilot first");
        row.put("cosell_syncwithpartnercenter", true);
        row.put("cosell_microsoftcrmid", "7-MSX");
        row.put("statecode", 0);
        row.put("cosell_audit", "2026-11-30 10:00 UTC · Partner Center → CRM · created opportunity");
        sellerChanges.forEach((column, value) -> row.set(column, TestJson.MAPPER.valueToTree(value)));
        return new CrmRecord(RECORD, ETAG, row);
    }

    private static InboundPlan plan(MappingConfig config, MappedReferral now, CrmRecord crm) {
        return new InboundPlanner(config, TestJson.MAPPER).plan(new PlanInput(now, now.record(), base(),
                SYNCED.partnerCenterFields(), Optional.of(crm), Optional.empty(), Optional.empty(), NOW, false));
    }

    @ParameterizedTest(name = "deal value base 50000, Partner Center {0}, CRM {1}, winner {2} → written {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # Partner Center | CRM   | conflictWinner | written | conflict note
              50000          | 60000 | CRM            | -       | -
              70000          | 50000 | CRM            | 70000   | -
              70000          | 70000 | CRM            | -       | -
              70000          | 60000 | CRM            | -       | conflict on deal value: changed in the CRM (60000) and in Partner Center (70000) since the last sync; kept the CRM's value (conflictWinner CRM), Partner Center gets it with the next CRM → Partner Center sync
              70000          | 60000 | PARTNER_CENTER | 70000   | conflict on deal value: changed in the CRM (60000) and in Partner Center (70000) since the last sync; took Partner Center's value (conflictWinner PARTNER_CENTER)
            """, delimiter = '|')
    void each_column_is_merged_three_ways(String partnerCenter, String crmValue, ConflictWinner winner, String written,
                                          String note) {
        // given
        MappingConfig config = MappingConfig.defaults().withConflictWinner(winner);
        MappedReferral now = referral(partnerCenter, "2026-10-31", "Pilot first", "Contoso migration");
        CrmRecord crm = crm(Map.of("estimatedvalue", Double.parseDouble(crmValue)));

        // when
        InboundPlan plan = plan(config, now, crm);

        // then
        JsonNode dealValue = plan.columns().get("estimatedvalue");
        if (written == null) {
            assertThat(dealValue).isNull();
        } else {
            assertThat(dealValue.decimalValue()).isEqualByComparingTo(written);
        }
        if (note == null) {
            assertThat(plan.conflicts()).isEmpty();
            assertThat(plan.auditLine()).doesNotContain("conflict");
        } else {
            assertThat(plan.conflicts()).singleElement().extracting(FieldConflict::describe).isEqualTo(note);
            assertThat(plan.auditLine()).contains(note);
            assertThat(plan.columns().get("cosell_audit").asText()).endsWith(note);
        }
        assertThat(plan.snapshotCrmFields()).containsEntry("estimatedvalue", partnerCenter);
    }

    @Test
    void a_seller_edit_and_a_microsoft_change_of_other_fields_both_survive() {
        // given the seller raised the deal value, Microsoft moved the close date
        MappedReferral now = referral("50000", "2026-12-15", "Pilot first", "Contoso migration");
        CrmRecord crm = crm(Map.of("estimatedvalue", 90000));

        // when
        InboundPlan plan = plan(MappingConfig.defaults(), now, crm);

        // then only the close date (and the audit trail) is written, conditionally on the ETag read
        assertThat(fieldNames(plan.columns())).containsExactlyInAnyOrder("estimatedclosedate", "cosell_audit");
        assertThat(plan.columns().get("estimatedclosedate").asText()).isEqualTo("2026-12-15");
        assertThat(plan.recordId()).contains(RECORD);
        assertThat(plan.ifMatch()).contains(ETAG);
        assertThat(plan.auditLine()).endsWith(" · updated close date 2026-12-15");
        // and the snapshot keeps what both sides agreed on, so the poller still sends the seller's 90000
        assertThat(plan.snapshotCrmFields()).containsEntry("estimatedvalue", "50000")
                .containsEntry("estimatedclosedate", "\"2026-12-15\"");
    }

    @Test
    void a_field_partner_center_owns_takes_partner_centers_value_whatever_the_winner() {
        // given
        MappedReferral changed = referral("50000", "2026-10-31", "Pilot first", "Contoso migration");
        ObjectNode record = changed.record();
        record.put("cosell_microsoftcrmid", "7-NEW");
        MappedReferral now = new MappedReferral(changed.referralId(), changed.kind(), changed.stage(), record,
                changed.account(), changed.accountMatch(), changed.contacts(), changed.solutions(), changed.currency(),
                changed.partnerCenterFields(), changed.warnings());
        CrmRecord crm = crm(Map.of("cosell_microsoftcrmid", "typed by the seller"));

        // when
        InboundPlan plan = plan(MappingConfig.defaults().withConflictWinner(ConflictWinner.CRM), now, crm);

        // then
        assertThat(plan.columns().get("cosell_microsoftcrmid").asText()).isEqualTo("7-NEW");
        assertThat(plan.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.crmKept()).isFalse();
            assertThat(conflict.describe()).endsWith("took Partner Center's value (Partner Center owns the Microsoft CRM id)");
        });
    }

    @ParameterizedTest(name = "CRM name \"{0}\", Partner Center name \"{1}\" → written \"{2}\"")
    @CsvSource(nullValues = "-", textBlock = """
            # CRM name                  | Partner Center name      | written
              ✔ Contoso migration       | Contoso migration        | -
              ✘ Contoso migration       | Contoso migration        | ✔ Contoso migration
              Contoso migration         | Contoso migration        | ✔ Contoso migration
              ✔ Contoso renamed         | Contoso migration        | -
              ✘ Contoso renamed         | Contoso migration        | ✔ Contoso renamed
              ✔ Contoso migration       | Contoso phase 2          | ✔ Contoso phase 2
            """, delimiter = '|')
    void the_name_keeps_the_sellers_text_and_gets_its_check_mark(String crmName, String partnerCenterName,
                                                                 String written) {
        // given
        MappedReferral now = referral("50000", "2026-10-31", "Pilot first", partnerCenterName);
        CrmRecord crm = crm(Map.of("name", crmName));

        // when
        InboundPlan plan = plan(MappingConfig.defaults(), now, crm);

        // then
        if (written == null) {
            assertThat(plan.columns().has("name")).isFalse();
        } else {
            assertThat(plan.columns().get("name").asText()).isEqualTo(written);
        }
    }

    @Test
    void a_new_record_is_written_whole_without_a_condition() {
        // given
        MappedReferral now = referral("70000", "2026-12-15", "Pilot first", "Contoso migration");

        // when
        InboundPlan plan = new InboundPlanner(MappingConfig.defaults(), TestJson.MAPPER).plan(new PlanInput(now,
                now.record(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), NOW, false));

        // then
        assertThat(plan.creates()).isTrue();
        assertThat(plan.ifMatch()).isEmpty();
        assertThat(fieldNames(plan.columns())).containsAll(fieldNames(now.record())).contains("cosell_audit");
        assertThat(plan.solutions()).contains(List.of());
        assertThat(plan.auditLine()).contains(" · created opportunity: ");
    }

    @ParameterizedTest(name = "solutions base [A], Partner Center {0}, CRM {1}, winner {2} → rows written {3}")
    @CsvSource(textBlock = """
            # Partner Center | CRM | conflictWinner | written
              A B            | A   | CRM            | true
              A B            | A C | CRM            | false
              A B            | A C | PARTNER_CENTER | true
              A B            | A B | CRM            | false
            """, delimiter = '|')
    void solutions_are_merged_by_solution_id(String partnerCenter, String crm, ConflictWinner winner, boolean written) {
        // given
        MappedReferral synced = SYNCED;
        Map<String, String> base = base();
        base.put("cosell_solutions", "[{\"cosell_solutionid\":\"A\",\"cosell_name\":\"A\"}]");
        List<ObjectNode> rows = java.util.Arrays.stream(partnerCenter.split(" ")).map(id -> {
            ObjectNode row = TestJson.MAPPER.createObjectNode();
            row.put("cosell_solutionid", id);
            row.put("cosell_name", id);
            return row;
        }).toList();
        MappedReferral now = new MappedReferral(synced.referralId(), synced.kind(), synced.stage(), synced.record(),
                synced.account(), synced.accountMatch(), synced.contacts(), rows, synced.currency(),
                synced.partnerCenterFields(), synced.warnings());
        Set<String> crmIds = Set.of(crm.split(" "));

        // when
        InboundPlan plan = new InboundPlanner(MappingConfig.defaults().withConflictWinner(winner), TestJson.MAPPER)
                .plan(new PlanInput(now, now.record(), base, synced.partnerCenterFields(), Optional.of(crm(Map.of())),
                        Optional.empty(), Optional.of(crmIds), NOW, false));

        // then
        assertThat(plan.solutions().isPresent()).isEqualTo(written);
        assertThat(plan.conflicts()).hasSize(crm.equals("A C") ? 1 : 0);
    }

    @Test
    void a_plan_made_after_a_412_says_so_in_the_audit() {
        // given
        MappedReferral now = referral("50000", "2026-12-15", "Pilot first", "Contoso migration");

        // when
        InboundPlan plan = new InboundPlanner(MappingConfig.defaults(), TestJson.MAPPER).plan(new PlanInput(now,
                now.record(), base(), SYNCED.partnerCenterFields(), Optional.of(crm(Map.of())), Optional.empty(),
                Optional.empty(), NOW, true));

        // then
        assertThat(plan.auditLine()).endsWith("(merged with a change made in the CRM during the sync)");
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
