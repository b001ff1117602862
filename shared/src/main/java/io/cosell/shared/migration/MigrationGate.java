package io.cosell.shared.migration;

import io.cosell.shared.state.CursorLeaseStore;
import io.cosell.shared.usecase.CrmPoll;
import io.cosell.shared.usecase.PollResult;
import io.cosell.shared.usecase.Reconcile;
import io.cosell.shared.usecase.ReconcileResult;

import java.lang.System.Logger.Level;
import java.time.Instant;

/**
 * Keeps the CRM poller and the reconciler of a stack deployed with {@code Migrating} on from syncing until
 * {@code migrate apply} has written the {@link MigrationMarker}: until then each run only logs what it would have done
 * and leaves every cursor where it is. The marker is read on every run, so syncing starts with the first run after
 * apply.
 */
public final class MigrationGate {

    private static final System.Logger LOG = System.getLogger(MigrationGate.class.getName());
    static final String WAITING = "migrating from Microsoft's connector: syncing starts once `bin/cosell migrate apply` "
            + "has run";

    private final CursorLeaseStore state;

    public MigrationGate(CursorLeaseStore state) {
        this.state = state;
    }

    public CrmPoll poller(CrmPoll poll) {
        return now -> {
            if (open()) {
                return poll.poll(now);
            }
            LOG.log(Level.INFO, "CRM poll as of {0} not run ({1}); it would read the CRM changes since its cursor and "
                    + "queue each changed opportunity with Sync with Partner Center = yes", now, WAITING);
            return new PollResult(0, "not run: " + WAITING);
        };
    }

    public Reconcile reconciler(Reconcile reconcile) {
        return asOf -> {
            if (open()) {
                return reconcile.reconcile(asOf);
            }
            LOG.log(Level.INFO, "reconcile as of {0} not run ({1}); it would queue every referral updated since its "
                    + "cursor that has no link or a changed eTag", asOf, WAITING);
            return new ReconcileResult(0, 0, 0, 0, 0, "not run: " + WAITING);
        };
    }

    private boolean open() {
        return MigrationMarker.appliedAt(state).isPresent();
    }

    /** For {@code doctor}: when the migration was applied, if it was. */
    public static java.util.Optional<Instant> appliedAt(CursorLeaseStore state) {
        return MigrationMarker.appliedAt(state);
    }
}
