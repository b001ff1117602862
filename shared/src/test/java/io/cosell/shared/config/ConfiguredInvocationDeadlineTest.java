package io.cosell.shared.config;

import io.cosell.shared.usecase.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredInvocationDeadlineTest {

    private static final Instant ENTERED = Instant.parse("2026-03-05T14:02:10Z");
    private static final Clock CLOCK = Clock.fixed(ENTERED, ZoneOffset.UTC);

    @Test
    void an_invocation_ends_one_timeout_after_the_function_was_entered() {
        // given
        ConfiguredInvocationDeadline deadlines = new ConfiguredInvocationDeadline(Duration.ofSeconds(60), 10, CLOCK);

        // when
        Deadline deadline = deadlines.start();

        // then
        assertThat(deadline.at()).isEqualTo(ENTERED.plusSeconds(60));
        assertThat(deadline.remaining(ENTERED.plusSeconds(45))).isEqualTo(Duration.ofSeconds(15));
        assertThat(deadline.passed(ENTERED.plusSeconds(59))).isFalse();
    }

    @Test
    void the_current_deadline_is_the_one_last_started_and_none_before_any() {
        // given
        ConfiguredInvocationDeadline deadlines = new ConfiguredInvocationDeadline(Duration.ofSeconds(60), 10, CLOCK);
        assertThat(deadlines.current()).isEmpty();

        // when
        deadlines.start();
        Deadline record = deadlines.startRecord();

        // then
        assertThat(deadlines.current()).contains(record);
    }

    @Test
    void a_thread_that_started_a_record_keeps_its_own_deadline_while_others_start_theirs() throws Exception {
        // given: records entered one second apart, the second on another thread
        Instant[] now = {ENTERED};
        Clock stepping = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ConfiguredInvocationDeadline deadlines = new ConfiguredInvocationDeadline(Duration.ofSeconds(60), 10, stepping);
        Deadline mine = deadlines.startRecord();
        now[0] = ENTERED.plusSeconds(1);

        // when
        Thread other = Thread.ofVirtual().start(deadlines::startRecord);
        other.join();

        // then: this thread still works to its own record's deadline; a thread that started none sees the newest
        assertThat(deadlines.current()).contains(mine);
        Deadline[] seenElsewhere = new Deadline[1];
        Thread.ofVirtual().start(() -> seenElsewhere[0] = deadlines.current().orElseThrow()).join();
        assertThat(seenElsewhere[0].at()).isEqualTo(ENTERED.plusSeconds(7));
    }

    @Test
    void a_batch_record_gets_its_share_of_the_timeout_so_a_full_batch_fits() {
        // given
        ConfiguredInvocationDeadline deadlines = new ConfiguredInvocationDeadline(Duration.ofSeconds(60), 10, CLOCK);

        // when
        Deadline deadline = deadlines.startRecord();

        // then
        assertThat(deadline.at()).isEqualTo(ENTERED.plusSeconds(6));
    }

    @Test
    void a_passed_deadline_has_nothing_left() {
        // given
        Deadline deadline = new Deadline(ENTERED);

        // then
        assertThat(deadline.passed(ENTERED)).isTrue();
        assertThat(deadline.remaining(ENTERED.plusSeconds(1))).isZero();
    }

    @Test
    void a_timeout_that_is_not_positive_is_refused() {
        // then
        assertThatThrownBy(() -> new ConfiguredInvocationDeadline(Duration.ZERO, 10, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the function timeout must be positive, was PT0S");
    }
}
