package io.cosell.shared.vocabulary;

import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncMessageTest {

    @Test
    void json_names_the_fields_and_leaves_out_what_is_unknown() {
        // given
        SyncMessage message = new SyncMessage(SyncDirection.PC_TO_CRM, "ref-1", null, "referral-created",
                Instant.parse("2025-03-05T14:02:10Z"), "referral-created#ref-1#2025-03-05T14:02:10Z");

        // when
        String json = message.toJson(TestJson.MAPPER);

        // then
        assertThat(json).isEqualTo("{\"direction\":\"PC_TO_CRM\",\"referralId\":\"ref-1\","
                + "\"eventName\":\"referral-created\",\"changeDate\":\"2025-03-05T14:02:10Z\","
                + "\"dedupeKey\":\"referral-created#ref-1#2025-03-05T14:02:10Z\"}");
        assertThat(SyncMessage.fromJson(TestJson.MAPPER, json)).isEqualTo(message);
    }

    @Test
    void message_without_referral_or_crm_record_is_refused() {
        assertThatThrownBy(() -> SyncMessage.fromJson(TestJson.MAPPER, 
                "{\"direction\":\"CRM_TO_PC\",\"eventName\":\"crm-change\",\"dedupeKey\":\"k\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a referral, a CRM record, or both");
    }

    @Test
    void body_that_is_not_json_is_refused_with_a_clear_exception() {
        assertThatThrownBy(() -> SyncMessage.fromJson(TestJson.MAPPER, "not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a sync message");
    }
}
