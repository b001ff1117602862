package io.cosell.shared.queue;

import io.cosell.shared.vocabulary.SyncMessage;

import java.util.List;
import java.util.function.Predicate;

/** The sync queue's dead-letter queue: where messages land that the mapper failed on too many times. */
public interface DeadLetterQueue {

    /**
     * Moves every dead letter that {@code select} accepts back to the sync queue, as it was (body and attributes),
     * and leaves the others where they are. A body that is not a sync message is never moved.
     */
    Moved moveBack(Predicate<SyncMessage> select);

    /**
     * @param moved the messages now back on the sync queue
     * @param left  dead letters not moved (not selected, or not a sync message)
     */
    record Moved(List<SyncMessage> moved, int left) {

        public Moved {
            moved = List.copyOf(moved);
        }
    }
}
