package io.cosell.shared;

import io.cosell.shared.referral.RegistrationReport;
import io.cosell.shared.referral.UnconfiguredWebhookRegistrar;
import io.cosell.shared.sync.PollResult;
import io.cosell.shared.sync.UnconfiguredCrmPoll;
import io.cosell.shared.sync.UnconfiguredSyncMessageHandler;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-ins the functions run with until the real use cases exist: none of them silently succeeds. */
class UnconfiguredDefaultsTest {

    @Test
    void sync_message_handler_fails_every_message() {
        assertThatThrownBy(() -> new UnconfiguredSyncMessageHandler().handle("{}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sync is not configured yet");
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
    void webhook_registrar_registers_nothing() {
        // when
        RegistrationReport registered = new UnconfiguredWebhookRegistrar().register(URI.create("https://example.test/"));
        RegistrationReport shown = new UnconfiguredWebhookRegistrar().show();

        // then
        assertThat(registered.registered()).isFalse();
        assertThat(registered.message()).contains("not configured");
        assertThat(shown).isEqualTo(registered);
    }
}
