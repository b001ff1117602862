package io.cosell.shared.sync.poll;

import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.state.CursorLeaseStore;
import io.cosell.shared.state.SyncCursor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Changes by {@code modifiedon}, for CRMs without change tracking (fact sheet §3.3): opportunities with
 * {@code $filter=modifiedon ge <watermark - overlap> and cosell_syncwithpartnercenter eq true}, solution rows with
 * {@code modifiedon ge <watermark - overlap>} and leads that answer a referral ({@code cosell_referralresponse ne null
 * and cosell_referralid ne null}), all {@code $orderby=modifiedon asc,<primary key> asc}. The watermark
 * (the newest {@code modifiedon} read, ISO-8601) is the cursor of each table
 * ({@code crm-poller#<entity set>#modifiedon}); without one, everything is read. Rows read again because of the
 * overlap carry the same (id, version) and are dropped by the dedupe key.
 *
 * <p>Limits of this mode: deletions are not seen (of opportunities, and of solution rows, so removing a solution
 * reaches Partner Center only with the opportunity's next change); a solution row moved to another opportunity
 * marks only its new one; rows are read in full (only the sync = yes filter bounds them), the row budget only stops
 * the solutions query when the opportunities used it up.
 */
final class ModifiedOnSource implements ChangeSource {

    static final String CURSOR_SUFFIX = "#modifiedon";

    private final DataverseClient crm;
    private final CursorLeaseStore cursors;
    private final PollColumns columns;
    private final List<String> opportunityColumns;
    private final Duration overlap;

    ModifiedOnSource(DataverseClient crm, CursorLeaseStore cursors, PollColumns columns, List<String> opportunityColumns,
                     Duration overlap) {
        this.crm = crm;
        this.columns = columns;
        this.cursors = cursors;
        this.opportunityColumns = List.copyOf(opportunityColumns);
        this.overlap = overlap;
    }

    @Override
    public ChangeBatch read(ReadBudget budget) {
        ChangeBatch batch = new ChangeBatch();
        ODataFilter syncOn = ODataFilter.eq(columns.syncWithPartnerCenter(), true);
        List<CrmRecord> opportunities = readSince(EntitySet.OPPORTUNITIES, opportunityColumns, Optional.of(syncOn),
                budget, batch);
        batch.opportunities(opportunities);
        List<CrmRecord> solutions = readSince(EntitySet.SOLUTIONS,
                List.of(columns.solutionOpportunityValue(), PollColumns.MODIFIED_ON),
                Optional.empty(), budget, batch);
        for (CrmRecord row : solutions) {
            row.lookup(columns.solutionOpportunity())
                    .ifPresent(id -> batch.solutionChanged(id, row.id() + ":" + RowVersion.of(row)));
        }
        ODataFilter answered = ODataFilter.ne(columns.referralResponse(), null)
                .and(ODataFilter.ne(columns.leadReferralId(), null));
        batch.leads(readSince(EntitySet.LEADS, columns.leadColumns(), Optional.of(answered), budget, batch));
        return batch;
    }

    private List<CrmRecord> readSince(EntitySet set, List<String> select, Optional<ODataFilter> filter,
                                      ReadBudget budget, ChangeBatch batch) {
        if (budget.exhausted()) {
            batch.note(set.name() + " not read: this run's row or time budget is used up");
            return List.of();
        }
        String cursorName = ChangeTrackingSource.CURSOR_PREFIX + set.name() + CURSOR_SUFFIX;
        Optional<SyncCursor> cursor = cursors.cursor(cursorName);
        Optional<Instant> watermark = cursor.map(c -> Instant.parse(c.value()));
        Optional<ODataFilter> since = watermark.map(w -> ODataFilter.ge(PollColumns.MODIFIED_ON, w.minus(overlap)));
        Optional<ODataFilter> combined = since.map(s -> filter.map(s::and).orElse(s)).or(() -> filter);
        ODataQuery query = ODataQuery.all().withSelect(select)
                .orderByAsc(PollColumns.MODIFIED_ON).orderByAsc(set.primaryKey());
        List<CrmRecord> rows = crm.query(set, combined.map(query::filter).orElse(query));
        budget.spend(rows.size());
        rows.stream()
                .flatMap(row -> row.text(PollColumns.MODIFIED_ON).map(Instant::parse).stream())
                .max(Instant::compareTo)
                .filter(newest -> watermark.map(newest::isAfter).orElse(true))
                .ifPresent(newest -> batch.moveCursor(new CursorMove(cursorName,
                        cursor.map(SyncCursor::version).orElse(0L), newest.toString())));
        return rows;
    }
}
