package io.cosell.shared;

import io.cosell.shared.sync.PollResult;
import io.cosell.shared.sync.UnconfiguredCrmPoll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-ins the functions run with until the real use cases exist: none of them silently succeeds. */
class UnconfiguredDefaultsTest {

    @Test
    void crm_poll_reports_zero_changes_and_why() {
        // when
        PollResult result = new UnconfiguredCrmPoll().poll(Instant.EPOCH);

        // then
        assertThat(result.changes()).isZero();
        assertThat(result.message()).contains("not configured");
    }
}
