package io.cosell.shared.sync.admin;

import io.cosell.shared.testsupport.MutableClock;
import io.cosell.shared.usecase.AdminReport;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueResyncTest {

    private static final Instant NOW = Instant.parse("2025-03-05T14:00:00Z");
    private static final String REFERRAL = "8d3e4f5a-6b7c-4d8e-9f00-1a2b3c4d5e6f";
    private static final String OPPORTUNITY = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private final List<SyncMessage> sent = new ArrayList<>();
    private final QueueResync resync = new QueueResync(sent::add, new MutableClock(NOW));

    @Test
    void a_referral_is_queued_partner_center_to_crm() {
        // when
        AdminReport report = resync.referral(REFERRAL);

        // then
        assertThat(sent).singleElement().satisfies(message -> {
            assertThat(message.direction()).isEqualTo(SyncDirection.PC_TO_CRM);
            assertThat(message.referralId()).isEqualTo(REFERRAL);
            assertThat(message.eventName()).isEqualTo(QueueResync.EVENT_NAME);
            assertThat(message.changeDate()).isEqualTo(NOW);
        });
        assertThat(report.queued()).containsExactly("PC_TO_CRM referral " + REFERRAL + " (resync)");
    }

    @Test
    void an_opportunity_is_queued_crm_to_partner_center_and_each_resync_is_a_new_message() {
        // when
        resync.opportunity(OPPORTUNITY);
        resync.opportunity(OPPORTUNITY);

        // then
        assertThat(sent).extracting(SyncMessage::direction, SyncMessage::crmRecord).containsOnly(
                org.assertj.core.groups.Tuple.tuple(SyncDirection.CRM_TO_PC, new CrmRecordRef("opportunities", OPPORTUNITY)));
        assertThat(sent).extracting(SyncMessage::dedupeKey).doesNotHaveDuplicates();
    }

    @Test
    void an_id_that_is_not_a_guid_is_refused_and_nothing_is_queued() {
        // when / then
        assertThatThrownBy(() -> resync.referral("1' or '1'='1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"referralId\" must be a GUID, was: 1' or '1'='1");
        assertThatThrownBy(() -> resync.opportunity(" ")).hasMessage("\"opportunityId\" is missing");
        assertThat(sent).isEmpty();
    }
}
