package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTextTest {

    @Test
    void a_line_says_when_which_way_and_what_in_words_a_seller_reads() {
        // given
        Map<String, String> before = Map.of(ReferralFields.DEAL_VALUE, "50000", ReferralFields.CURRENCY, "EUR",
                ReferralFields.CLOSING_DATE, "2025-06-30T00:00:00Z", ReferralFields.NOTES, "same");
        Map<String, String> after = Map.of(ReferralFields.DEAL_VALUE, "85000", ReferralFields.CURRENCY, "EUR",
                ReferralFields.CLOSING_DATE, "2025-09-30T00:00:00Z", ReferralFields.NOTES, "same");

        // when
        String line = AuditText.line(Instant.parse("2025-03-05T14:02:59Z"), "updated " + AuditText.changes(before, after));

        // then
        assertThat(line).isEqualTo("2025-03-05 14:02 UTC · Partner Center → CRM · updated deal value 85,000 EUR, "
                + "close date 2025-09-30");
    }

    @Test
    void every_synced_field_has_words() {
        // given
        Map<String, String> after = Map.ofEntries(Map.entry(ReferralFields.NAME, "Deal"),
                Map.entry(ReferralFields.DEAL_VALUE, "1234.5"), Map.entry(ReferralFields.NOTES, "n"),
                Map.entry(ReferralFields.STATUS, "Closed"), Map.entry(ReferralFields.SUBSTATUS, "Won"),
                Map.entry(ReferralFields.MICROSOFT_CRM_ID, "7-X"), Map.entry(ReferralFields.VISIBLE_TO_MICROSOFT, "false"),
                Map.entry(ReferralFields.MICROSOFT_HELP, "QuotesOrLicensing"), Map.entry(ReferralFields.CUSTOMER, "{}"),
                Map.entry(ReferralFields.TEAM, "Morgan Seller"), Map.entry(ReferralFields.SOLUTIONS, "SOL-1"));

        // when
        String changes = AuditText.changes(Map.of(), after);

        // then
        assertThat(changes).isEqualTo("name \"Deal\", deal value 1,234.5, notes, status Closed/Won, Microsoft CRM id 7-X, "
                + "not visible to Microsoft sellers, Microsoft help QuotesOrLicensing, customer details, "
                + "deal team Morgan Seller, solutions SOL-1");
        assertThat(AuditText.changes(after, after)).isEmpty();
    }

    @Test
    void appending_keeps_the_existing_trail_with_the_newest_line_last() {
        // when
        String trail = AuditText.append("line 1\nline 2\n", "line 3");

        // then
        assertThat(trail).isEqualTo("line 1\nline 2\nline 3");
        assertThat(AuditText.append(null, "first")).isEqualTo("first");
    }

    @Test
    void a_full_trail_drops_its_oldest_lines() {
        // given
        String old = ("x".repeat(99) + "\n").repeat(1000);

        // when
        String trail = AuditText.append(old, "newest");

        // then
        assertThat(trail.length()).isLessThanOrEqualTo(AuditText.MAX_LENGTH);
        assertThat(trail).endsWith("\nnewest").startsWith("x");
    }

    @Test
    void check_marks_are_stripped_before_names_are_compared() {
        assertThat(CheckMark.strip("✔ ✘ Deal")).isEqualTo("Deal");
        assertThat(CheckMark.strip("✖Deal")).isEqualTo("Deal");
        assertThat(CheckMark.strip("Deal ✔")).isEqualTo("Deal ✔");
        assertThat(CheckMark.mark("✔ Deal", false, true)).isEqualTo("✘ Deal");
        assertThat(CheckMark.mark("✘ Deal", true, false)).isEqualTo("Deal");
    }

    @Test
    void only_columns_that_differ_from_the_snapshot_are_changed() {
        // given
        ObjectNode columns = CrmColumns.empty().put("name", "✔ Deal").put("estimatedvalue", 85000).putNull("description");
        Map<String, String> snapshot = CrmColumns.snapshotOf(CrmColumns.empty().put("name", "✔ Deal")
                .put("estimatedvalue", 50000).putNull("description"));

        // when
        ObjectNode changed = CrmColumns.changed(columns, snapshot);

        // then
        assertThat(changed.toString()).isEqualTo("{\"estimatedvalue\":85000}");
        assertThat(CrmColumns.changed(columns, Map.of()).size()).isEqualTo(3);
    }

    @Test
    void outbound_lines_name_their_direction_and_a_repeated_one_is_recognised() {
        // given
        String line = AuditText.outboundLine(Instant.parse("2025-03-05T14:02:10Z"), "✘ Cannot share: Solution ID is required");
        String trail = AuditText.append("2025-03-01 10:00 UTC · Partner Center → CRM · created opportunity", line);

        // then
        assertThat(line).isEqualTo("2025-03-05 14:02 UTC · CRM → Partner Center · ✘ Cannot share: Solution ID is required");
        assertThat(AuditText.lastOutboundLineSays(trail, "✘ Cannot share: Solution ID is required")).isTrue();
        assertThat(AuditText.lastOutboundLineSays(trail + "\n" + AuditText.line(Instant.EPOCH, "updated"),
                "✘ Cannot share: Solution ID is required")).isFalse();
        assertThat(AuditText.lastOutboundLineSays(null, "x")).isFalse();
    }
}
