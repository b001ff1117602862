package io.cosell.shared;

import io.cosell.shared.inbound.IntakeResult;
import io.cosell.shared.inbound.UnconfiguredWebhookIntake;
import io.cosell.shared.inbound.WebhookDelivery;
import io.cosell.shared.sync.PollResult;
import io.cosell.shared.sync.UnconfiguredCrmPoll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-ins the functions run with until the real use cases exist: none of them silently succeeds. */
class UnconfiguredDefaultsTest {

    @Test
    void webhook_intake_answers_503_so_partner_center_retries() {
        // when
        IntakeResult result = new UnconfiguredWebhookIntake()
                .accept(new WebhookDelivery(Map.of(), new byte[0], Instant.EPOCH));

        // then
        assertThat(result).isEqualTo(new IntakeResult(503, "unavailable", "inbound sync is not configured yet"));
    }

    @Test
    void crm_poll_reports_zero_changes_and_why() {
        // when
        PollResult result = new UnconfiguredCrmPoll().poll(Instant.EPOCH);

        // then
        assertThat(result.changes()).isZero();
        assertThat(result.message()).contains("not configured");
    }

    @Test
    void webhook_delivery_looks_headers_up_case_insensitively() {
        // when
        WebhookDelivery delivery = new WebhookDelivery(Map.of("x-ms-signature", "Signature abc"), new byte[]{1}, Instant.EPOCH);

        // then
        assertThat(delivery.header("X-MS-Signature")).contains("Signature abc");
        assertThat(delivery.header("authorization")).isEmpty();
    }
}
