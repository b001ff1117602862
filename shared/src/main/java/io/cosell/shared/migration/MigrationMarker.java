package io.cosell.shared.migration;

import io.cosell.shared.state.CursorLeaseStore;
import io.cosell.shared.state.SyncCursor;

import java.time.Instant;
import java.util.Optional;

/**
 * The state table's record that {@code migrate apply} finished: a cursor {@value #NAME} whose value is the time it was
 * applied. A stack deployed with the {@code Migrating} parameter keeps its CRM poller and reconciler off until it is
 * there, so turning syncing on needs no redeploy.
 */
public final class MigrationMarker {

    public static final String NAME = "migration#applied";

    private MigrationMarker() {
    }

    public static Optional<Instant> appliedAt(CursorLeaseStore state) {
        return state.cursor(NAME).map(SyncCursor::value).map(Instant::parse);
    }

    static boolean mark(CursorLeaseStore state, Instant at) {
        long version = state.cursor(NAME).map(SyncCursor::version).orElse(0L);
        return state.advance(NAME, version, at.toString());
    }
}
