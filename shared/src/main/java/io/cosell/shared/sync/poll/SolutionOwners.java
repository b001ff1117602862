package io.cosell.shared.sync.poll;

import io.cosell.shared.state.CursorLeaseStore;
import io.cosell.shared.state.SyncCursor;

import java.util.Optional;
import java.util.UUID;

/**
 * Which opportunity each {@code cosell_solutions} row belongs to, as last seen: a deleted row arrives as its id alone,
 * and a row moved to another opportunity changes the one it left too. Kept in the state store as one named,
 * versioned value per row ({@code crm-poller#solution-owner#<row id>}, the store's cursor items): one read per
 * changed row, one conditional write when its owner changed. Entries of deleted rows stay (tens of bytes each).
 */
final class SolutionOwners {

    static final String NAME_PREFIX = "crm-poller#solution-owner#";
    private static final String NO_OWNER = "none";

    /** A row's owner as stored ({@code version} 0 = never stored). */
    record Entry(UUID solutionRowId, Optional<UUID> opportunityId, long version) {
    }

    /** A row's new owner, to store once the changes it caused are queued. */
    record Update(Entry previous, Optional<UUID> opportunityId) {
    }

    private final CursorLeaseStore store;

    SolutionOwners(CursorLeaseStore store) {
        this.store = store;
    }

    Entry lookup(UUID solutionRowId) {
        Optional<SyncCursor> stored = store.cursor(NAME_PREFIX + solutionRowId);
        return new Entry(solutionRowId,
                stored.map(SyncCursor::value).filter(v -> !v.equals(NO_OWNER)).map(UUID::fromString),
                stored.map(SyncCursor::version).orElse(0L));
    }

    /** Stores the update unless it changes nothing; false when another writer stored in between. */
    boolean store(Update update) {
        Entry previous = update.previous();
        if (previous.version() > 0 && previous.opportunityId().equals(update.opportunityId())) {
            return true;
        }
        return store.advance(NAME_PREFIX + previous.solutionRowId(), previous.version(),
                update.opportunityId().map(UUID::toString).orElse(NO_OWNER));
    }
}
