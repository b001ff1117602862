package io.cosell.shared.state;

import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.ManualHeartbeats;
import io.cosell.shared.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Leases renewed while held, on DynamoDB Local, with the clock and the heartbeat driven by the test. */
class RenewedLeaseStoreIT {

    private static final String TABLE = "renewed-lease-it";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private MutableClock clock;
    private ManualHeartbeats heartbeats;
    private RenewedLeaseStore store;
    private DynamoDbSyncStateStore competitor;
    private String lease;

    @BeforeAll
    static void table() {
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), TABLE);
    }

    @BeforeEach
    void fresh() {
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        heartbeats = new ManualHeartbeats();
        DynamoDbSyncStateStore dynamo = new DynamoDbSyncStateStore(LocalDynamoDb.client(), TABLE, clock,
                DynamoDbSyncStateStore.DEFAULT_LOG_RETENTION);
        store = new RenewedLeaseStore(dynamo, heartbeats, clock);
        competitor = dynamo;
        lease = "referral#" + UUID.randomUUID();
    }

    @Test
    void a_lease_held_for_many_times_its_length_stays_held_while_its_work_runs() {
        // given
        assertThat(store.tryAcquire(lease, "slow-worker", LEASE)).isTrue();

        // when ten lease lengths pass, with the heartbeat every third of one
        for (int i = 0; i < 30; i++) {
            clock.advance(LEASE.dividedBy(3));
            heartbeats.beat();
        }

        // then
        assertThat(competitor.tryAcquire(lease, "competitor", LEASE)).as("taken from a live holder").isFalse();
    }

    @Test
    void without_its_heartbeat_the_same_lease_runs_out_after_one_length() {
        // given
        assertThat(store.tryAcquire(lease, "slow-worker", LEASE)).isTrue();

        // when
        clock.advance(LEASE.plusMillis(1));

        // then
        assertThat(competitor.tryAcquire(lease, "competitor", LEASE)).isTrue();
    }

    @Test
    void a_released_lease_is_free_at_once_and_no_longer_renewed() {
        // given
        store.tryAcquire(lease, "worker", LEASE);

        // when
        store.release(lease, "worker");

        // then
        assertThat(heartbeats.running()).isZero();
        assertThat(competitor.tryAcquire(lease, "competitor", LEASE)).isTrue();
    }

    @Test
    void a_lease_that_ran_out_and_was_taken_over_is_left_to_its_new_holder() {
        // given a holder whose beat came too late
        store.tryAcquire(lease, "frozen-worker", LEASE);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(competitor.tryAcquire(lease, "competitor", LEASE)).isTrue();

        // when
        heartbeats.beat();

        // then
        assertThat(heartbeats.running()).isZero();
        assertThat(competitor.release(lease, "competitor")).as("still the competitor's").isTrue();
    }

    @Test
    void a_lease_never_released_is_renewed_no_longer_than_the_longest_function_timeout() {
        // given
        store.tryAcquire(lease, "hung-worker", LEASE);

        // when
        while (heartbeats.running() > 0 && clock.instant().isBefore(Instant.parse("2026-03-01T11:00:00Z"))) {
            clock.advance(LEASE.dividedBy(3));
            heartbeats.beat();
        }
        clock.advance(LEASE.plusMillis(1));

        // then
        assertThat(clock.instant()).isBefore(Instant.parse("2026-03-01T10:00:00Z").plus(RenewedLeaseStore.MAX_HOLD)
                .plus(LEASE).plusSeconds(2));
        assertThat(competitor.tryAcquire(lease, "next-worker", LEASE)).isTrue();
    }
}
