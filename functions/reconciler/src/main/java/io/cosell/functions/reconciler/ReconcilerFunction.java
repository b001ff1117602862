package io.cosell.functions.reconciler;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.Reconcile;
import io.cosell.shared.usecase.ReconcileResult;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * A schedule in, one {@link Reconcile} out. The run is "as of" the trigger's scheduled time (the first run looks
 * back from it); a trigger without a time runs as of now.
 */
public class ReconcilerFunction {

    private static final Logger LOG = Logger.getLogger(ReconcilerFunction.class);

    @Inject
    Reconcile reconcile;

    @Inject
    InvocationDeadline invocationDeadline;

    @Funq("reconciler")
    public ReconcileResult reconcile(ScheduledTrigger trigger) {
        Deadline deadline = invocationDeadline.start();
        Instant asOf = trigger == null || trigger.time() == null ? Instant.now() : trigger.time();
        LOG.debugf("reconciling as of %s, invocation deadline %s", asOf, deadline.at());
        return reconcile.reconcile(asOf);
    }
}
