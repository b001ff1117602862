package io.cosell.shared.state;

import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Instant;
import java.util.List;

/**
 * One line of a referral's sync history.
 *
 * @param changedFields the mapped fields that were written (empty when nothing changed or the sync failed)
 * @param message       what happened, in words a seller understands
 */
public record SyncLogEntry(String referralId, Instant at, SyncDirection direction, List<String> changedFields,
                           SyncOutcome outcome, String message) {

    public SyncLogEntry {
        changedFields = List.copyOf(changedFields);
    }
}
