package io.cosell.shared.config;

import io.cosell.shared.migration.MigrationGate;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.queue.DeadLetterQueue;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.sync.admin.DeadLetterRedrive;
import io.cosell.shared.sync.admin.QueueResync;
import io.cosell.shared.sync.reconcile.ReconcilerSettings;
import io.cosell.shared.sync.reconcile.ReferralReconciler;
import io.cosell.shared.usecase.DeadLetterReplay;
import io.cosell.shared.usecase.Reconcile;
import io.cosell.shared.usecase.Resync;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Builds the reconciler from {@link ReconcilerConfig}, and the on-demand resync and dead-letter replay. */
@ApplicationScoped
public class ReconcileProducer {

    @Produces
    @ApplicationScoped
    Reconcile reconcile(ReconcilerConfig config, ReferralClient partnerCenter, SyncStateStore state, SyncQueue queue,
                        MigrationConfig migration) {
        ReconcilerSettings settings = new ReconcilerSettings(config.leaseDuration(), config.runTimeLimit(),
                config.overlap(), config.initialLookback(), config.pageSize(), config.maxReferralsPerRun(),
                config.dedupeTtl(), config.retryAfter());
        Reconcile reconciler = new ReferralReconciler(partnerCenter, state, queue, settings, Clock.systemUTC());
        return migration.pending() ? new MigrationGate(state).reconciler(reconciler) : reconciler;
    }

    @Produces
    @ApplicationScoped
    Resync resync(SyncQueue queue) {
        return new QueueResync(queue, Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    DeadLetterReplay deadLetterReplay(DeadLetterQueue deadLetters) {
        return new DeadLetterRedrive(deadLetters);
    }
}
