package io.cosell.shared.sync.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataFilter;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.usecase.CrmPoll;
import io.cosell.shared.usecase.PollResult;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;

/**
 * The CRM poller: queues one {@link SyncMessage} (CRM → Partner Center) per opportunity that changed since the last
 * run and has "Sync with Partner Center" = yes, and one per changed lead that answers a referral.
 *
 * <ol>
 *   <li>Takes the lease {@value #LEASE} (a conditional write); while another run holds it, returns at once.</li>
 *   <li>Reads the changes of {@code opportunities} and {@code cosell_solutions} since the stored cursors
 *       ({@link ChangeTrackingSource} or {@link ModifiedOnSource}), bounded by rows and by half the run time limit.
 *       A solution row change counts as a change of its opportunity, whose row is then read (in batches). Then the
 *       changes of {@code leads}, under their own cursor.</li>
 *   <li>Per opportunity, once however often it appears: sync = no → ignored; a row whose watched columns equal the
 *       referral's last-synced snapshot → an echo of the connector's own write, skipped (only for changes of the row
 *       itself: solution changes are always queued); otherwise a message with dedupe key
 *       {@code crm-opportunity#<id>@<row version>} (plus {@code +solutions@<hash>} of the solution row changes), sent
 *       only if {@code markIfFirst} says the key is new. When the send fails the mark is undone and the run fails.</li>
 *   <li>Per changed lead with a Referral Identifier and a Referral response (the seller accepts or declines the
 *       referral before it became an opportunity): a message {@value #LEAD_ANSWERED} for {@code leads(<id>)} with
 *       dedupe key {@code crm-lead#<id>@<row version>}, under the same send/unmark rules. Any other lead change is
 *       not counted at all. The connector's own later writes to such a lead (conversion, disqualification) queue it
 *       again; the outbound sync then finds the referral answered and ends as NO_CHANGE or TERMINAL_SKIPPED.</li>
 *   <li>Deleted opportunities are logged only: Partner Center has no delete, the referral stays as it is.</li>
 *   <li>Only when every change is queued: solution owners, then the cursors advance (version-checked). A crash before
 *       that re-reads the same changes next run, and their dedupe keys collapse them: nothing lost, nothing twice.</li>
 *   <li>Releases the lease; a crashed run's lease runs out after the lease duration.</li>
 * </ol>
 */
public final class CrmPoller implements CrmPoll {

    public static final String LEASE = "crm-poller";
    public static final String EVENT_NAME = "crm-opportunity-changed";
    public static final String LEAD_ANSWERED = "crm-lead-answered";

    private static final System.Logger LOG = System.getLogger(CrmPoller.class.getName());
    /** Opportunity ids per {@code or} filter when reading the opportunities of changed solution rows. */
    private static final int IDS_PER_QUERY = 50;

    private final DataverseClient crm;
    private final SyncStateStore state;
    private final SyncQueue queue;
    private final CrmPollSettings settings;
    private final Clock clock;
    private final PollColumns columns;
    private final List<String> opportunityColumns;
    private final ChangeSource source;
    private final SolutionOwners owners;
    private final EchoCheck echoCheck;

    public CrmPoller(DataverseClient crm, SyncStateStore state, SyncQueue queue, CrmPollSettings settings, Clock clock,
                     ObjectMapper json) {
        this.crm = crm;
        this.state = state;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
        this.columns = PollColumns.of(settings.connectorColumns());
        this.opportunityColumns = columns.opportunityColumns(settings.watchedColumns());
        this.source = switch (settings.mode()) {
            case CHANGE_TRACKING -> new ChangeTrackingSource(crm, state, columns, opportunityColumns,
                    settings.maxRowsPerRun());
            case MODIFIEDON -> new ModifiedOnSource(crm, state, columns, opportunityColumns,
                    settings.modifiedOnOverlap());
        };
        this.owners = new SolutionOwners(state);
        this.echoCheck = new EchoCheck(settings.watchedColumns(), json);
    }

    @Override
    public PollResult poll(Instant now) {
        return run(now).toPollResult();
    }

    /** One run as of {@code now} (the scheduled time), with the details a {@link PollResult} sums up. */
    public PollReport run(Instant now) {
        Instant start = clock.instant();
        String owner = LEASE + "@" + now + "#" + UUID.randomUUID();
        if (!state.tryAcquire(LEASE, owner, settings.leaseDuration())) {
            LOG.log(Level.INFO, "CRM poll as of {0}: another run holds the lease, nothing to do", now);
            return PollReport.busy();
        }
        try {
            ReadBudget budget = new ReadBudget(settings.maxRowsPerRun(),
                    start.plus(settings.runTimeLimit().dividedBy(2)), clock);
            ChangeBatch batch = source.read(budget);
            Tally tally = new Tally();
            boolean allQueued = enqueue(batch, start.plus(settings.runTimeLimit()), tally);
            logDeleted(batch.deletedOpportunities());
            List<String> notes = new ArrayList<>(batch.notes());
            if (allQueued) {
                notes.addAll(commit(batch));
            } else {
                notes.add("run time limit reached before every change was queued: the cursors stay, the next run "
                        + "reads the same changes again and queues the rest");
            }
            PollReport report = new PollReport(false, tally.sent, tally.alreadySent, tally.echoes, tally.ignored,
                    batch.deletedOpportunities().size(), batch.resyncs(), notes);
            LOG.log(Level.INFO, "CRM poll as of {0}: {1}", now, report.toPollResult().message());
            return report;
        } finally {
            state.release(LEASE, owner);
        }
    }

    private boolean enqueue(ChangeBatch batch, Instant sendUntil, Tally tally) {
        Map<UUID, CrmRecord> changed = new LinkedHashMap<>();
        batch.opportunities().forEach(row -> changed.put(row.id(), row));
        Set<UUID> unread = new LinkedHashSet<>(batch.solutionChanges().keySet());
        unread.removeAll(changed.keySet());
        changed.putAll(readOpportunities(unread));
        unread.removeAll(changed.keySet());
        unread.forEach(id -> LOG.log(Level.INFO, "opportunity {0} of a changed solution row no longer exists", id));

        for (CrmRecord row : changed.values()) {
            if (!clock.instant().isBefore(sendUntil)) {
                return false;
            }
            SortedSet<String> solutionChanges = batch.solutionChanges().getOrDefault(row.id(),
                    Collections.emptySortedSet());
            if (!row.fields().path(columns.syncWithPartnerCenter()).asBoolean(false)) {
                tally.ignored++;
                continue;
            }
            Optional<String> referralId = row.text(columns.referralId()).filter(id -> !id.isBlank());
            if (solutionChanges.isEmpty() && referralId.flatMap(state::snapshot)
                    .map(SyncSnapshot::crmFields)
                    .filter(synced -> echoCheck.isEcho(row, synced))
                    .isPresent()) {
                tally.echoes++;
                continue;
            }
            SyncMessage message = message(row, referralId, solutionChanges);
            if (!state.markIfFirst(message.dedupeKey(), settings.dedupeTtl())) {
                tally.alreadySent++;
                continue;
            }
            send(message);
            tally.sent++;
        }
        return enqueueAnswers(batch.leads(), sendUntil, tally);
    }

    /** Leads that answer a referral (Referral Identifier and Referral response set); every other lead change is not ours. */
    private boolean enqueueAnswers(List<CrmRecord> leads, Instant sendUntil, Tally tally) {
        for (CrmRecord lead : leads) {
            if (!clock.instant().isBefore(sendUntil)) {
                return false;
            }
            Optional<String> referralId = lead.text(columns.leadReferralId()).filter(id -> !id.isBlank());
            if (referralId.isEmpty() || !lead.fields().hasNonNull(columns.referralResponse())) {
                continue;
            }
            Instant changeDate = lead.text(PollColumns.MODIFIED_ON).map(Instant::parse).orElse(clock.instant());
            SyncMessage message = new SyncMessage(SyncDirection.CRM_TO_PC, referralId.get(),
                    new CrmRecordRef(EntitySet.LEADS.name(), lead.id().toString()), LEAD_ANSWERED, changeDate,
                    "crm-lead#" + lead.id() + "@" + RowVersion.of(lead));
            if (!state.markIfFirst(message.dedupeKey(), settings.dedupeTtl())) {
                tally.alreadySent++;
                continue;
            }
            send(message);
            tally.sent++;
        }
        return true;
    }

    private void send(SyncMessage message) {
        try {
            queue.send(message);
        } catch (RuntimeException sendFailed) {
            try {
                state.unmark(message.dedupeKey());
            } catch (RuntimeException unmarkFailed) {
                sendFailed.addSuppressed(unmarkFailed);
            }
            throw sendFailed;
        }
    }

    private SyncMessage message(CrmRecord row, Optional<String> referralId, SortedSet<String> solutionChanges) {
        String dedupeKey = "crm-opportunity#" + row.id() + "@" + RowVersion.of(row)
                + (solutionChanges.isEmpty() ? "" : "+solutions@" + hash(solutionChanges));
        Instant changeDate = row.text(PollColumns.MODIFIED_ON).map(Instant::parse).orElse(clock.instant());
        return new SyncMessage(SyncDirection.CRM_TO_PC, referralId.orElse(null),
                new CrmRecordRef(EntitySet.OPPORTUNITIES.name(), row.id().toString()), EVENT_NAME, changeDate,
                dedupeKey);
    }

    private Map<UUID, CrmRecord> readOpportunities(Set<UUID> ids) {
        Map<UUID, CrmRecord> rows = new LinkedHashMap<>();
        List<UUID> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<ODataFilter> byId = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)).stream()
                    .map(id -> ODataFilter.eq(EntitySet.OPPORTUNITIES.primaryKey(), id))
                    .toList();
            ODataFilter filter = ODataFilter.or(byId.getFirst(), byId.subList(1, byId.size()).toArray(ODataFilter[]::new));
            crm.query(EntitySet.OPPORTUNITIES, ODataQuery.all().withSelect(opportunityColumns).filter(filter))
                    .forEach(row -> rows.put(row.id(), row));
        }
        return rows;
    }

    private void logDeleted(List<UUID> deleted) {
        for (UUID id : deleted) {
            Optional<String> referral = state.linkByCrmRecord(new CrmRecordRef(EntitySet.OPPORTUNITIES.name(),
                    id.toString())).map(ReferralLink::referralId);
            LOG.log(Level.INFO, "opportunity {0}{1} was deleted in the CRM: not synced, Partner Center has no delete "
                    + "(the referral stays as it is)", id, referral.map(r -> " (referral " + r + ")").orElse(""));
        }
    }

    /** Stores solution owners, then advances the cursors; returns notes on writes that lost a race. */
    private List<String> commit(ChangeBatch batch) {
        List<String> notes = new ArrayList<>();
        for (SolutionOwners.Update update : batch.ownerUpdates()) {
            if (!owners.store(update)) {
                notes.add("the owner of solution row " + update.previous().solutionRowId() + " was stored by another run");
            }
        }
        for (CursorMove move : batch.cursorMoves()) {
            if (!state.advance(move.name(), move.expectedVersion(), move.newValue())) {
                LOG.log(Level.WARNING, "cursor {0} was advanced by another run (this run''s lease ran out?); its "
                        + "changes were queued anyway and the dedupe keys collapse repeats", move.name());
                notes.add("cursor " + move.name() + " was advanced by another run");
            }
        }
        return notes;
    }

    private static String hash(SortedSet<String> tokens) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", tokens).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Counts of one run. */
    private static final class Tally {
        int sent;
        int alreadySent;
        int echoes;
        int ignored;
    }
}
