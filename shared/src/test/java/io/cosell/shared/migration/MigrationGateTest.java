package io.cosell.shared.migration;

import io.cosell.shared.testsupport.InMemorySyncStateStore;
import io.cosell.shared.usecase.CrmPoll;
import io.cosell.shared.usecase.PollResult;
import io.cosell.shared.usecase.Reconcile;
import io.cosell.shared.usecase.ReconcileResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationGateTest {

    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");

    private final InMemorySyncStateStore state = new InMemorySyncStateStore();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger reconciles = new AtomicInteger();
    private final CrmPoll poll = now -> {
        polls.incrementAndGet();
        return new PollResult(3, "polled");
    };
    private final Reconcile reconcile = asOf -> {
        reconciles.incrementAndGet();
        return new ReconcileResult(1, 1, 0, 0, 0, "reconciled");
    };

    @Test
    void thePollerAndReconcilerOnlyLogUntilTheMigrationIsApplied() {
        // given
        MigrationGate gate = new MigrationGate(state);

        // when
        PollResult polled = gate.poller(poll).poll(NOW);
        ReconcileResult reconciled = gate.reconciler(reconcile).reconcile(NOW);

        // then
        assertThat(polls).hasValue(0);
        assertThat(reconciles).hasValue(0);
        assertThat(polled.message()).startsWith("not run: migrating from Microsoft's connector");
        assertThat(reconciled.queued()).isZero();
    }

    @Test
    void theFirstRunAfterApplySyncs() {
        // given
        MigrationGate gate = new MigrationGate(state);
        CrmPoll gatedPoll = gate.poller(poll);
        gatedPoll.poll(NOW);

        // when
        MigrationMarker.mark(state, NOW);
        PollResult polled = gatedPoll.poll(NOW.plusSeconds(60));
        ReconcileResult reconciled = gate.reconciler(reconcile).reconcile(NOW.plusSeconds(60));

        // then
        assertThat(polled.changes()).isEqualTo(3);
        assertThat(reconciled.queued()).isEqualTo(1);
        assertThat(MigrationGate.appliedAt(state)).contains(NOW);
    }
}
