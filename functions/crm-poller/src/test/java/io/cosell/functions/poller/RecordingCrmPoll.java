package io.cosell.functions.poller;

import io.cosell.shared.usecase.CrmPoll;
import io.cosell.shared.usecase.PollResult;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double that replaces the real poller: records each poll time and reports two changes. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingCrmPoll implements CrmPoll {

    private final List<Instant> polls = new CopyOnWriteArrayList<>();

    @Override
    public PollResult poll(Instant now) {
        polls.add(now);
        return new PollResult(2, "queued 2 changes");
    }

    List<Instant> polls() {
        return List.copyOf(polls);
    }
}
