package io.cosell.shared.sync.poll;

import io.cosell.shared.crm.ChangeTrackingExpiredException;
import io.cosell.shared.crm.ChangeTrackingPage;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.state.CursorLeaseStore;
import io.cosell.shared.state.SyncCursor;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Changes by Dataverse change tracking, on {@code opportunities}, {@code cosell_solutions} and {@code leads}. The cursor of each
 * table ({@code crm-poller#<entity set>}) holds the link to read next: the delta link, or while a full load is under
 * way (the first run, or a resync after an expired token) the next page of that load. Pages are read until the
 * delta link comes back or the budget is used up; the next run goes on from there.
 *
 * <p>A solution row created or changed marks its opportunity (and, if it moved, the one it left) as changed; a
 * deleted solution row marks the opportunity it belonged to when last seen ({@link SolutionOwners}). A deleted row
 * never seen before (created and deleted between two polls) changed nothing Partner Center knows of. Deleted leads
 * are not reported: a lead only matters while it carries a referral response.
 */
final class ChangeTrackingSource implements ChangeSource {

    static final String CURSOR_PREFIX = "crm-poller#";

    private static final System.Logger LOG = System.getLogger(ChangeTrackingSource.class.getName());

    private final DataverseClient crm;
    private final CursorLeaseStore cursors;
    private final SolutionOwners owners;
    private final PollColumns columns;
    private final List<String> opportunityColumns;
    private final int maxRowsPerRun;

    ChangeTrackingSource(DataverseClient crm, CursorLeaseStore cursors, PollColumns columns,
                         List<String> opportunityColumns, int maxRowsPerRun) {
        this.crm = crm;
        this.columns = columns;
        this.cursors = cursors;
        this.owners = new SolutionOwners(cursors);
        this.opportunityColumns = List.copyOf(opportunityColumns);
        this.maxRowsPerRun = maxRowsPerRun;
    }

    @Override
    public ChangeBatch read(ReadBudget budget) {
        ChangeBatch batch = new ChangeBatch();
        readTable(EntitySet.OPPORTUNITIES, opportunityColumns, budget, batch, page -> {
            batch.opportunities(page.rows());
            batch.deletedOpportunities(page.deletedIds());
        });
        readTable(EntitySet.SOLUTIONS, List.of(columns.solutionOpportunityValue()), budget, batch, page -> solutionRows(page, batch));
        readTable(EntitySet.LEADS, columns.leadColumns(), budget, batch, page -> batch.leads(page.rows()));
        return batch;
    }

    private void readTable(EntitySet set, List<String> select, ReadBudget budget, ChangeBatch batch,
                           Consumer<ChangeTrackingPage> onPage) {
        if (budget.exhausted()) {
            batch.note(set.name() + " not read: this run's row or time budget is used up");
            return;
        }
        String cursorName = CURSOR_PREFIX + set.name();
        Optional<SyncCursor> cursor = cursors.cursor(cursorName);
        Optional<String> link = cursor.map(SyncCursor::value);
        if (cursor.isEmpty()) {
            batch.note("initial load of " + set.name());
        }
        ChangeTrackingPage page;
        do {
            page = readPage(set, select, link, batch);
            onPage.accept(page);
            budget.spend(page.rows().size() + page.deletedIds().size());
            link = Optional.of(page.continuation());
        } while (!page.isLast() && !budget.exhausted());
        if (!page.isLast()) {
            batch.note("full load of " + set.name() + " continues next run");
        }
        batch.moveCursor(new CursorMove(cursorName, cursor.map(SyncCursor::version).orElse(0L), link.get()));
    }

    private ChangeTrackingPage readPage(EntitySet set, List<String> select, Optional<String> link, ChangeBatch batch) {
        try {
            return crm.changesPage(set, select, link);
        } catch (ChangeTrackingExpiredException expired) {
            LOG.log(Level.WARNING, "The change-tracking token of {0} has expired ({1}): starting a full resync of {0}, "
                    + "at most {2} rows per run; changed rows are queued again, unchanged ones are dropped as already "
                    + "queued or as echoes", set.name(), expired.getMessage(), maxRowsPerRun);
            batch.resync(set.name());
            batch.note("change-tracking token of " + set.name() + " expired: full resync started");
            return crm.changesPage(set, select, Optional.empty());
        }
    }

    private void solutionRows(ChangeTrackingPage page, ChangeBatch batch) {
        for (CrmRecord row : page.rows()) {
            SolutionOwners.Entry previous = owners.lookup(row.id());
            Optional<UUID> owner = row.lookup(columns.solutionOpportunity());
            String token = row.id() + ":" + RowVersion.of(row);
            owner.ifPresent(id -> batch.solutionChanged(id, token));
            previous.opportunityId().filter(id -> !owner.equals(Optional.of(id)))
                    .ifPresent(left -> batch.solutionChanged(left, token));
            batch.ownerUpdate(new SolutionOwners.Update(previous, owner));
        }
        for (UUID deleted : page.deletedIds()) {
            SolutionOwners.Entry previous = owners.lookup(deleted);
            previous.opportunityId().ifPresentOrElse(
                    id -> batch.solutionChanged(id, deleted + ":deleted"),
                    () -> LOG.log(Level.INFO, "solution row {0} was deleted before the poller saw which opportunity "
                            + "it belonged to: nothing to sync", deleted));
        }
    }
}
