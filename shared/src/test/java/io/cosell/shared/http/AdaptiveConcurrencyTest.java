package io.cosell.shared.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AdaptiveConcurrencyTest {

    @Test
    void a_429_halves_the_calls_at_once_and_answers_without_one_grow_them_back_one_round_at_a_time() throws Exception {
        // given
        AdaptiveConcurrency concurrency = new AdaptiveConcurrency(4, 5);

        // when a call is throttled
        answer(concurrency, true);

        // then
        assertThat(concurrency.limit()).isEqualTo(2);
        answer(concurrency, false);
        assertThat(concurrency.limit()).isEqualTo(2);
        answer(concurrency, false);
        assertThat(concurrency.limit()).isEqualTo(3);
        for (int i = 0; i < 3 + 4 + 5; i++) {
            answer(concurrency, false);
        }
        assertThat(concurrency.limit()).as("never past its most").isEqualTo(5);
        for (int i = 0; i < 4; i++) {
            answer(concurrency, true);
        }
        assertThat(concurrency.limit()).as("never below one").isEqualTo(1);
    }

    @Test
    void a_call_past_the_limit_waits_for_a_slot_and_gives_up_after_its_patience() throws Exception {
        // given one call running of the one allowed
        AdaptiveConcurrency concurrency = new AdaptiveConcurrency(1, 1);
        assertThat(concurrency.enter(Duration.ZERO)).isTrue();

        // when an impatient call gives up, and a patient one is waiting when the running call leaves
        boolean impatient = concurrency.enter(Duration.ofMillis(50));
        CompletableFuture<Boolean> patient = new CompletableFuture<>();
        Thread waiting = Thread.ofVirtual().start(() -> patient.complete(enter(concurrency, Duration.ofMinutes(1))));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getState() == Thread.State.WAITING
                || waiting.getState() == Thread.State.TIMED_WAITING);
        concurrency.leave(false);

        // then: the patient call is woken at once, not at the end of its patience
        assertThat(impatient).isFalse();
        assertThat(patient.get(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void answer(AdaptiveConcurrency concurrency, boolean throttled) throws InterruptedException {
        assertThat(concurrency.enter(Duration.ZERO)).isTrue();
        concurrency.leave(throttled);
    }

    private static boolean enter(AdaptiveConcurrency concurrency, Duration patience) {
        try {
            return concurrency.enter(patience);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
