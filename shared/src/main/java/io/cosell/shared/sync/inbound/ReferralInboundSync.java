package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.RecordConflictException;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.MappingProblem;
import io.cosell.shared.mapping.MappingResult;
import io.cosell.shared.mapping.ReferralMapper;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.state.LinkAndSnapshot;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.RenewedLeaseStore;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link InboundSync} from the Partner Center Referrals API into Dataverse.
 *
 * <ol>
 *   <li>Takes the lease {@code referral#<id>} (held elsewhere: RETRY_LATER), reads the referral; Microsoft's side of
 *       an engagement ({@code organizationId} {@code msft}) is traced to the partner's own referral of the same
 *       engagement, which is synced instead (under its own lease).</li>
 *   <li>A referral the connector created itself and has not written back yet is waited for or adopted, never
 *       made a second opportunity ({@link OwnReferrals}).</li>
 *   <li>A referral older ({@code updatedDateTime}) than the stored snapshot is ignored (STALE_IGNORED); one whose
 *       mapped fields and CRM columns equal the snapshot's is NO_CHANGE, without any CRM request.</li>
 *   <li>Unmappable referrals write nothing but a FAILED log entry and, on a linked record, an audit line and ✘.</li>
 *   <li>The lead or opportunity is read by its {@code cosell_referralid} key; customer account, contacts and
 *       currency are bound ({@link RecordBinding}).</li>
 *   <li>{@link InboundPlanner} merges three ways (snapshot, Partner Center now, CRM now) into an {@link InboundPlan};
 *       {@link PlanExecution} performs it: a new record is upserted by its key, an existing one is updated with
 *       {@code If-Match} of the ETag it was read with. A 412 (the seller changed the record meanwhile) re-reads and
 *       re-plans, at most {@value #WRITE_ATTEMPTS} times, then RETRY_LATER.</li>
 *   <li>Link, then snapshot (mapped fields, PC eTag and updatedDateTime, CRM ETag) and log entry together, are
 *       stored.</li>
 * </ol>
 *
 * <p>Retries: 429/5xx that outlast {@link io.cosell.shared.http.ApiHttpClient}'s own retries, a referral Partner
 * Center does not (yet) return, a lease held by another worker and a snapshot saved concurrently all end as
 * RETRY_LATER (nothing is thrown), so the caller just reports the queue message as failed. A CRM validation error
 * (400) is UNMAPPABLE: the CRM's message goes to the log and the audit column, and no retry storm follows. Any other
 * exception is unexpected and propagates.
 */
public final class ReferralInboundSync implements InboundSync {

    /** Renewed while the sync runs (RenewedLeaseStore); a crashed worker's lease runs out after it. */
    static final Duration LEASE_DURATION = RenewedLeaseStore.LEASE_LENGTH;
    /** Conditional writes of one sync; a record that keeps changing under them is retried later. */
    static final int WRITE_ATTEMPTS = 3;
    static final String MICROSOFT_ORGANIZATION = "msft";

    private final ReferralClient partnerCenter;
    private final DataverseClient crm;
    private final SyncStateStore state;
    private final Clock clock;
    private final ReferralMapper mapper;
    private final InboundPlanner planner;
    private final RecordBinding binding;
    private final PlanExecution execution;
    private final UnmappableReferrals unmappable;
    private final InboundBook book;
    private final OwnReferrals ownReferrals;

    public ReferralInboundSync(ReferralClient partnerCenter, DataverseClient crm, SyncStateStore state,
                               MappingConfig config, Clock clock, ObjectMapper json) {
        this.partnerCenter = partnerCenter;
        this.crm = crm;
        this.state = state;
        this.clock = clock;
        this.mapper = new ReferralMapper(config, json);
        this.planner = new InboundPlanner(config, json);
        this.binding = new RecordBinding(crm, config, new CustomerRecords(crm, state, LEASE_DURATION), json);
        this.execution = new PlanExecution(crm, config);
        this.book = new InboundBook(state, clock);
        this.unmappable = new UnmappableReferrals(crm, config, clock, book, new ReferralJson(json));
        this.ownReferrals = new OwnReferrals(crm, state, config, clock);
    }

    @Override
    public InboundResult sync(String referralId) {
        Instant start = clock.instant();
        String owner = UUID.randomUUID().toString();
        try {
            return syncLeased(referralId, owner, start);
        } catch (RetryLater e) {
            return result(referralId, InboundOutcome.RETRY_LATER, Optional.empty(), e.getMessage(), start);
        } catch (ApiException e) {
            if (e.isTransient()) {
                return result(referralId, InboundOutcome.RETRY_LATER, Optional.empty(),
                        "Partner Center or the CRM is busy or unavailable (" + e.getMessage() + "); will retry.", start);
            }
            throw e;
        }
    }

    private InboundResult syncLeased(String referralId, String owner, Instant start) {
        String lease = "referral#" + referralId;
        if (!state.tryAcquire(lease, owner, LEASE_DURATION)) {
            throw new RetryLater("Referral " + referralId + " is being synced by another worker; will retry.");
        }
        try {
            Referral referral;
            try {
                referral = read(referralId);
            } catch (UncheckedIOException unreadable) {
                // a retry reads the same document: explain it once instead of churning into the dead-letter queue
                String message = "Cannot sync referral " + referralId + ": Partner Center returned it in a shape "
                        + "the connector cannot read" + where(unreadable) + ".";
                book.log(referralId, List.of(), SyncOutcome.FAILED, message);
                return result(referralId, InboundOutcome.UNMAPPABLE, Optional.empty(), message, start);
            }
            if (MICROSOFT_ORGANIZATION.equals(referral.organizationId())) {
                Optional<Referral> own = ownReferralOfEngagement(referral);
                if (own.isEmpty()) {
                    String message = "Microsoft's referral " + referralId + " belongs to engagement "
                            + referral.engagementId() + ", which has no referral of ours to update.";
                    book.log(referralId, List.of(), SyncOutcome.SKIPPED, message);
                    return result(referralId, InboundOutcome.UNMAPPABLE, Optional.empty(), message, start);
                }
                return syncLeased(own.get().id(), owner, start);
            }
            return syncReferral(referral, owner, start);
        } finally {
            state.release(lease, owner);
        }
    }

    private Referral read(String referralId) {
        try {
            return partnerCenter.get(referralId);
        } catch (ApiException e) {
            if (e.isNotFound()) {
                throw new RetryLater("Referral " + referralId + " is not (yet) readable in Partner Center; will retry.");
            }
            throw e;
        }
    }

    /** The JSON path of the unreadable field (never its value), e.g. {@code  (details.dealValue)}. */
    private static String where(UncheckedIOException unreadable) {
        if (unreadable.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return " (" + mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[") + ")";
        }
        return "";
    }

    private Optional<Referral> ownReferralOfEngagement(Referral microsoftSide) {
        if (microsoftSide.engagementId() == null) {
            return Optional.empty();
        }
        return partnerCenter.list(ReferralQuery.byEngagement(microsoftSide.engagementId()))
                .filter(r -> !MICROSOFT_ORGANIZATION.equals(r.organizationId()))
                .findFirst();
    }

    private InboundResult syncReferral(Referral referral, String owner, Instant start) {
        String id = referral.id();
        LinkAndSnapshot known = state.linkAndSnapshot(id);
        Optional<ReferralLink> link = known.link();
        Optional<SyncSnapshot> snapshot = known.snapshot();
        Optional<CrmRecordRef> linkedRecord = link.map(ReferralLink::crmRecord);
        Optional<OwnReferrals.Adopted> own = snapshot.isEmpty() ? ownReferrals.adopt(referral, link) : Optional.empty();
        if (own.isPresent()) {
            book.log(id, own.get().writtenFields(), SyncOutcome.SYNCED, own.get().message());
            return result(id, InboundOutcome.UPDATED, Optional.of(own.get().record()), own.get().message(), start);
        }
        if (isStale(referral, snapshot)) {
            String message = "Ignored an older version of referral " + id + " (updated " + referral.updatedDateTime()
                    + "); the CRM already has the version of " + snapshot.get().partnerCenterUpdatedAt() + ".";
            book.log(id, List.of(), SyncOutcome.SKIPPED, message);
            return result(id, InboundOutcome.STALE_IGNORED, linkedRecord, message, start);
        }
        Optional<CrmRecordKind> linkedKind = linkedRecord.flatMap(r -> CrmRecordKind.ofEntitySet(r.entitySet()));
        MappingResult mapping = mapper.map(referral, linkedKind);
        if (mapping instanceof MappingProblem problem) {
            return unmappable(referral, problem.message(), linkedRecord, snapshot, start);
        }
        MappedReferral mapped = (MappedReferral) mapping;
        boolean sameRecordKind = linkedKind.equals(Optional.of(mapped.kind()));
        Map<String, String> base = sameRecordKind ? snapshot.map(SyncSnapshot::crmFields).orElse(Map.of()) : Map.of();
        if (snapshot.isPresent() && sameRecordKind && isUnchanged(mapped, snapshot.get(), base)) {
            String message = "Referral " + id + " has no changes for the CRM.";
            book.saveSnapshotAndLog(referral, snapshot, snapshot.get().partnerCenterFields(), base,
                    snapshot.get().crmETag(), book.entry(id, List.of(), SyncOutcome.NO_CHANGE, message));
            return result(id, InboundOutcome.NO_CHANGE, linkedRecord, message, start);
        }
        try {
            return write(referral, mapped, link, snapshot, base, owner, start);
        } catch (CannotSync e) {
            return unmappable(referral, e.getMessage(), linkedRecord, snapshot, start);
        } catch (ApiException e) {
            if (e.status() == 400) {
                return unmappable(referral, MappingProblem.of(id, "the CRM refused the data (" + e.getMessage() + ").")
                        .message(), linkedRecord, snapshot, start);
            }
            throw e;
        }
    }

    private static boolean isStale(Referral referral, Optional<SyncSnapshot> snapshot) {
        return snapshot.map(SyncSnapshot::partnerCenterUpdatedAt)
                .filter(synced -> referral.updatedDateTime() != null && referral.updatedDateTime().isBefore(synced))
                .isPresent();
    }

    /** Same Partner Center fields, and every mapped column as last written: nothing to do in the CRM. */
    private static boolean isUnchanged(MappedReferral mapped, SyncSnapshot snapshot, Map<String, String> base) {
        return snapshot.partnerCenterFields().equals(mapped.partnerCenterFields())
                && CrmColumns.changed(mapped.record(), base).isEmpty();
    }

    private InboundResult write(Referral referral, MappedReferral mapped, Optional<ReferralLink> link,
                                Optional<SyncSnapshot> snapshot, Map<String, String> snapshotBase, String owner,
                                Instant start) {
        String id = referral.id();
        CrmRecordKind kind = mapped.kind();
        List<String> select = planner.readBack(kind, mapped.record());
        Optional<CrmRecord> existing = current(kind, id, select);
        Map<String, String> partnerCenterBefore = snapshot.map(SyncSnapshot::partnerCenterFields).orElse(Map.of());
        ObjectNode desired = binding.desired(mapped, partnerCenterBefore, existing.isPresent() ? snapshotBase : Map.of(), owner);
        Optional<CrmRecord> leadToConvert = binding.leadToConvert(mapped, link);
        for (int attempt = 1; ; attempt++) {
            Map<String, String> base = existing.isPresent() ? snapshotBase : Map.of();
            Optional<Set<String>> solutionIds = existing.isPresent() && !base.isEmpty()
                    && planner.solutionsChanged(mapped, base)
                    ? Optional.of(execution.solutionIds(existing.get().id())) : Optional.empty();
            InboundPlan plan = planner.plan(new PlanInput(mapped, desired, base, partnerCenterBefore, existing,
                    leadToConvert, solutionIds, clock.instant(), attempt > 1));
            try {
                PlanExecution.Done done = execution.perform(referral, kind, plan);
                book.link(id, link, done.record());
                book.saveSnapshotAndLog(referral, snapshot, mapped.partnerCenterFields(), plan.snapshotCrmFields(),
                        done.etag(), book.entry(id, plan.writtenFields(), SyncOutcome.SYNCED, plan.auditLine()));
                InboundOutcome outcome = done.created() ? InboundOutcome.CREATED : InboundOutcome.UPDATED;
                return result(id, outcome, Optional.of(done.record()), plan.auditLine(), start);
            } catch (RecordConflictException changedMeanwhile) {
                if (attempt >= WRITE_ATTEMPTS) {
                    throw new RetryLater("The CRM record of referral " + id
                            + " kept changing during the sync; will retry.");
                }
                existing = current(kind, id, select);
            }
        }
    }

    /** The referral's lead or opportunity as the CRM has it now, found by its referral id key. */
    private Optional<CrmRecord> current(CrmRecordKind kind, String referralId, List<String> select) {
        return crm.findByAlternateKey(kind.entitySet(), execution.keyColumn(kind), referralId, select);
    }

    private InboundResult unmappable(Referral referral, String message, Optional<CrmRecordRef> linked,
                                     Optional<SyncSnapshot> snapshot, Instant start) {
        CrmRecordRef shownOn = unmappable.record(referral, message, linked, snapshot);
        return result(referral.id(), InboundOutcome.UNMAPPABLE, Optional.of(shownOn), message, start);
    }

    private InboundResult result(String referralId, InboundOutcome outcome, Optional<CrmRecordRef> record,
                                 String message, Instant start) {
        return new InboundResult(referralId, outcome, record, message, Duration.between(start, clock.instant()));
    }
}
