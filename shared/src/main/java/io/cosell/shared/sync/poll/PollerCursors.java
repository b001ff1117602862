package io.cosell.shared.sync.poll;

import io.cosell.shared.crm.ChangePage;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.state.CursorLeaseStore;
import io.cosell.shared.state.SyncCursor;

import java.time.Instant;
import java.util.List;

/**
 * Moves the CRM poller's cursors to "now", so its next run sees only changes made after this (used when the connector
 * takes over a CRM that another connector kept in sync). With change tracking, each table's full load is read here,
 * as the poller's first run would, and its delta link stored; the solution rows' owners are recorded on the way. With
 * {@code modifiedon}, each cursor becomes {@code now}.
 */
public final class PollerCursors {

    private static final List<EntitySet> TABLES = List.of(EntitySet.OPPORTUNITIES, EntitySet.SOLUTIONS, EntitySet.LEADS);

    private PollerCursors() {
    }

    public static void startAt(DataverseClient crm, CursorLeaseStore cursors, CrmPollSettings settings, Instant now) {
        PollColumns columns = PollColumns.of(settings.connectorColumns());
        for (EntitySet set : TABLES) {
            if (settings.mode() == ChangeDetection.MODIFIEDON) {
                move(cursors, ChangeTrackingSource.CURSOR_PREFIX + set.name() + ModifiedOnSource.CURSOR_SUFFIX,
                        now.toString());
                continue;
            }
            ChangePage page = crm.changes(set, select(set, columns, settings), java.util.Optional.empty());
            if (set == EntitySet.SOLUTIONS) {
                SolutionOwners owners = new SolutionOwners(cursors);
                for (CrmRecord row : page.rows()) {
                    owners.store(new SolutionOwners.Update(owners.lookup(row.id()),
                            row.lookup(columns.solutionOpportunity())));
                }
            }
            move(cursors, ChangeTrackingSource.CURSOR_PREFIX + set.name(), page.deltaLink());
        }
    }

    /** The columns the poller reads of each table (a delta link keeps its query's {@code $select}). */
    private static List<String> select(EntitySet set, PollColumns columns, CrmPollSettings settings) {
        if (set == EntitySet.SOLUTIONS) {
            return List.of(columns.solutionOpportunityValue());
        }
        if (set == EntitySet.LEADS) {
            return columns.leadColumns();
        }
        return columns.opportunityColumns(settings.watchedColumns());
    }

    private static void move(CursorLeaseStore cursors, String name, String value) {
        long version = cursors.cursor(name).map(SyncCursor::version).orElse(0L);
        cursors.advance(name, version, value);
    }
}
