package io.cosell.functions.keepalive;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.KeepAliveReport;
import io.cosell.shared.usecase.TokenKeepAlive;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * A schedule in (an EventBridge rule's Scheduled Event, an EventBridge Scheduler input, or nothing: the payload is
 * ignored), one {@link TokenKeepAlive} call out: the Partner Center refresh token is redeemed and the new one stored,
 * so it never ages out while nothing else needs Partner Center.
 */
public class TokenKeepAliveFunction {

    private static final Logger LOG = Logger.getLogger(TokenKeepAliveFunction.class);

    @Inject
    TokenKeepAlive keepAlive;

    @Inject
    InvocationDeadline invocationDeadline;

    @Funq("token-keepalive")
    public KeepAliveReport keepAlive(ScheduledTrigger trigger) {
        Deadline deadline = invocationDeadline.start();
        LOG.debugf("keep-alive, invocation deadline %s", deadline.at());
        return keepAlive.keepAlive();
    }
}
