package io.cosell.functions.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cosell.shared.usecase.CrmPoll;
import io.cosell.shared.usecase.PollResult;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * EventBridge schedule in, one {@link CrmPoll} out. The poll runs "as of" the event's scheduled time, so a retried
 * or late invocation polls for the same instant.
 */
public class CrmPollerHandler implements RequestHandler<ScheduledEvent, PollResult> {

    @Inject
    CrmPoll crmPoll;

    @Override
    public PollResult handleRequest(ScheduledEvent event, Context context) {
        Instant now = event.getTime() == null ? Instant.now() : Instant.ofEpochMilli(event.getTime().getMillis());
        return crmPoll.poll(now);
    }
}
