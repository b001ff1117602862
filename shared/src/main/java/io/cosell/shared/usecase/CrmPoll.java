package io.cosell.shared.usecase;

import java.time.Instant;

/** Looks for CRM changes since the last poll and queues them for sync. */
public interface CrmPoll {

    PollResult poll(Instant now);
}
