package io.cosell.functions.poller;

import io.cosell.shared.usecase.CrmPoll;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.PollResult;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * A schedule in, one {@link CrmPoll} out. The poll runs "as of" the trigger's scheduled time, so a retried or late
 * invocation polls for the same instant; a trigger without a time polls as of now.
 */
public class CrmPollerFunction {

    private static final Logger LOG = Logger.getLogger(CrmPollerFunction.class);

    @Inject
    CrmPoll crmPoll;

    @Inject
    InvocationDeadline invocationDeadline;

    @Funq("crm-poller")
    public PollResult poll(ScheduledTrigger trigger) {
        Deadline deadline = invocationDeadline.start();
        Instant asOf = trigger == null || trigger.time() == null ? Instant.now() : trigger.time();
        LOG.debugf("polling as of %s, invocation deadline %s", asOf, deadline.at());
        return crmPoll.poll(asOf);
    }
}
