package io.cosell.shared.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    private static final RetryBackoff DEPLOYED = new RetryBackoff(Duration.ofSeconds(20), Duration.ofMinutes(15));

    @Test
    void each_failed_receive_waits_four_times_longer_up_to_the_longest_delay() {
        // when / then
        assertThat(DEPLOYED.after(1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(DEPLOYED.after(2)).isEqualTo(Duration.ofSeconds(80));
        assertThat(DEPLOYED.after(3)).isEqualTo(Duration.ofSeconds(320));
        assertThat(DEPLOYED.after(4)).isEqualTo(Duration.ofMinutes(15));
        assertThat(DEPLOYED.after(1_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void an_unknown_receive_count_waits_the_first_delay() {
        // when / then
        assertThat(DEPLOYED.after(0)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void five_failing_receives_wait_twenty_two_minutes_between_them() {
        // when / then
        assertThat(DEPLOYED.before(5)).isEqualTo(Duration.ofSeconds(20 + 80 + 320 + 900));
        assertThat(DEPLOYED.before(1)).isZero();
    }

    @Test
    void settings_that_cannot_work_are_named() {
        // when / then
        assertThat(DEPLOYED.problems()).isEmpty();
        assertThat(new RetryBackoff(Duration.ofSeconds(-1), Duration.ofMinutes(1)).problems())
                .singleElement().asString().contains("must be positive");
        assertThat(new RetryBackoff(Duration.ofMinutes(2), Duration.ofMinutes(1)).problems())
                .singleElement().asString().contains("is below the first");
        assertThat(new RetryBackoff(Duration.ofMinutes(1), Duration.ofHours(13)).problems())
                .singleElement().asString().contains("12 hours");
    }
}
