package io.cosell.shared.state;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatsTest {

    @Test
    void a_beat_that_hangs_does_not_hold_up_another_leases_beats() throws InterruptedException {
        // given: one lease's renewal hangs (a stalled DynamoDB call)
        Heartbeats heartbeats = Heartbeats.onDaemonThread();
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        Heartbeats.Beating stalled = heartbeats.every(Duration.ofMillis(20), () -> {
            hanging.countDown();
            awaitQuietly(released);
        });
        assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();

        // when: another lease beats meanwhile
        CountDownLatch threeBeats = new CountDownLatch(3);
        Heartbeats.Beating other = heartbeats.every(Duration.ofMillis(20), threeBeats::countDown);

        // then
        try {
            assertThat(threeBeats.await(10, TimeUnit.SECONDS)).as("the other lease's beats while one hangs").isTrue();
        } finally {
            other.stop();
            stalled.stop();
            released.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
