package io.cosell.shared.sync.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.MappedOpportunity;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.OpportunityMapper;
import io.cosell.shared.mapping.OpportunityRecords;
import io.cosell.shared.mapping.OpportunityValidation;
import io.cosell.shared.mapping.PartnerCenterSide;
import io.cosell.shared.mapping.PatchPlan;
import io.cosell.shared.mapping.ReferralFields;
import io.cosell.shared.mapping.ReferralPatchPlanner;
import io.cosell.shared.mapping.ReferralStatusChange;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralConflictException;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.RenewedLeaseStore;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.RetryLaterException;
import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link OutboundSync} from a Dataverse opportunity into the Partner Center Referrals API (scenario 1).
 *
 * <ol>
 *   <li>Takes the lease {@code opportunity#<id>} (held elsewhere: RETRY_LATER), reads the opportunity; sync switched
 *       off or the opportunity gone: NO_CHANGE. Once the referral is known, also {@code referral#<id>}, the inbound
 *       sync's lease, so the two directions never write the same pair at once.</li>
 *   <li>No referral yet: reads account, contact, solutions and currency, maps them ({@link OpportunityMapper}) and
 *       validates every rule ({@link OpportunityValidation}); any failure is INVALID with all reasons in one Audit line
 *       and ✘, and no Partner Center call. Else POSTs the referral ({@link ReferralCreation}: at most once), takes its
 *       lease, links it in the state store, then writes Referral Identifier, Referral Link, ✔ and an Audit line in one
 *       CRM update and saves the snapshot. A retry that finds the link but no Referral Identifier only writes back.</li>
 *   <li>Referral linked: maps and plans a JSON Patch of what changed since the snapshot ({@link ReferralPatchPlanner});
 *       nothing: NO_CHANGE without any Partner Center call. A closed referral is never patched (TERMINAL_SKIPPED, Audit
 *       says why). The PATCH carries the snapshot's eTag; a 412 re-reads the referral, merges three-way again against
 *       the snapshot and retries with the new eTag (at most {@value #PATCH_ATTEMPTS} PATCHes).</li>
 *   <li>After every write to Partner Center: one CRM update (✔, Audit line, columns set back), the snapshot (the
 *       referral as Partner Center answered, the CRM columns as {@link CrmSnapshotFields}) and a log entry. This is what
 *       makes the echoes of our own writes (the {@code referral-updated} event of the PATCH, the poller seeing the
 *       write-back) end as NO_CHANGE.</li>
 * </ol>
 *
 * <p>Retries: 429/5xx that outlast {@link io.cosell.shared.http.ApiHttpClient}'s own retries, a lease held elsewhere,
 * a snapshot saved concurrently and an opportunity that keeps changing under the write-back end as RETRY_LATER. What a
 * retry cannot fix (validation, a 4xx from Partner Center) is INVALID with Audit, ✘ and a FAILED log entry (under the
 * referral id, or {@code opportunity#<id>} before there is one); a failure that repeats unchanged is not written again.
 *
 * <p>The new referral's {@code referral-created} event may be handled before the write-back (the POST's answer was
 * lost and this message waits for its retry): the inbound sync recognises the referral by its
 * {@code externalReferenceId} and waits for the write-back instead of creating an opportunity.
 */
public final class OpportunityOutboundSync implements OutboundSync {

    /** Renewed while the sync runs (RenewedLeaseStore); a crashed worker's lease runs out after it. */
    static final Duration LEASE_DURATION = RenewedLeaseStore.LEASE_LENGTH;
    static final int PATCH_ATTEMPTS = 3;

    private final ReferralClient partnerCenter;
    private final SyncStateStore state;
    private final MappingConfig config;
    private final Clock clock;
    private final OpportunityMapper mapper;
    private final OpportunityValidation validation;
    private final ReferralPatchPlanner planner;
    private final OpportunityReader reader;
    private final OpportunityWriteBack writeBack;
    private final CrmSnapshotFields crmSnapshot;
    private final ReferralCreation creation;
    private final ReferralJson json;

    public OpportunityOutboundSync(DataverseClient crm, ReferralClient partnerCenter, SyncStateStore state,
                                   MappingConfig config, Clock clock, ObjectMapper json) {
        this.json = new ReferralJson(json);
        this.partnerCenter = partnerCenter;
        this.state = state;
        this.config = config;
        this.clock = clock;
        this.mapper = new OpportunityMapper(config, json);
        this.validation = new OpportunityValidation(config);
        this.planner = new ReferralPatchPlanner(config, json);
        this.reader = new OpportunityReader(crm, mapper, config);
        this.writeBack = new OpportunityWriteBack(crm, config, what -> AuditText.outboundLine(clock.instant(), what),
                mapper.opportunityColumns());
        this.crmSnapshot = new CrmSnapshotFields(config, json);
        this.creation = new ReferralCreation(partnerCenter, state, clock);
    }

    /** One sync: the opportunity, the time it started, and the worker id its leases are held under. */
    private record Run(CrmRecordRef ref, UUID id, String owner, Instant start) {
    }

    @Override
    public OutboundResult sync(CrmRecordRef opportunity) {
        if (!EntitySet.OPPORTUNITIES.name().equals(opportunity.entitySet())) {
            throw new IllegalArgumentException("the CRM → Partner Center sync takes opportunities, not " + opportunity);
        }
        Run run = new Run(opportunity, UUID.fromString(opportunity.id()), UUID.randomUUID().toString(), clock.instant());
        try {
            return leased("opportunity#" + run.id(), run, () -> syncOpportunity(run));
        } catch (RetryLaterException e) {
            return result(run, OutboundOutcome.RETRY_LATER, Optional.empty(), e.getMessage());
        } catch (ApiException e) {
            if (e.isTransient()) {
                return result(run, OutboundOutcome.RETRY_LATER, Optional.empty(),
                        "Partner Center or the CRM is busy or unavailable (" + e.getMessage() + "); will retry.");
            }
            throw e;
        }
    }

    private OutboundResult leased(String lease, Run run, Supplier<OutboundResult> work) {
        if (!state.tryAcquire(lease, run.owner(), LEASE_DURATION)) {
            throw new RetryLaterException("The " + lease.replace('#', ' ') + " is being synced by another worker; will retry.");
        }
        try {
            return work.get();
        } finally {
            state.release(lease, run.owner());
        }
    }

    private OutboundResult syncOpportunity(Run run) {
        Optional<CrmRecord> found = reader.opportunity(run.id());
        if (found.isEmpty()) {
            return result(run, OutboundOutcome.NO_CHANGE, Optional.empty(), "Opportunity " + run.id()
                    + " no longer exists in the CRM; Partner Center has no delete, so its referral stays as it is.");
        }
        CrmRecord row = found.get();
        ConnectorColumns columns = config.connectorColumns();
        if (!row.fields().path(columns.syncWithPartnerCenter()).asBoolean(false)) {
            return result(run, OutboundOutcome.NO_CHANGE, Optional.empty(),
                    "Sync with Partner Center is off for opportunity " + run.id() + "; nothing sent.");
        }
        Optional<String> referralId = state.linkByCrmRecord(run.ref()).map(ReferralLink::referralId)
                .or(() -> row.text(columns.referralId()).filter(id -> !id.isBlank()));
        if (referralId.isEmpty()) {
            return create(run, row);
        }
        String id = referralId.get();
        return leased("referral#" + id, run, () -> {
            if (row.text(columns.referralId()).filter(id::equals).isEmpty()) {
                return writeBackCreated(run, row, partnerCenter.get(id), reader.records(row, OpportunityReader.Customer.NOT_READ),
                        false, false);
            }
            if (state.linkByReferral(id).isEmpty() && !state.link(id, run.ref())) {
                return invalid(run, row, Optional.of(id), "Referral " + id
                        + " is already linked to another CRM record; clear this opportunity's Referral Identifier.");
            }
            return update(run, row, id);
        });
    }

    // ---- no referral yet ------------------------------------------------------------------------------------

    private OutboundResult create(Run run, CrmRecord row) {
        OpportunityReader.Customer customer = reader.customer(row);
        OpportunityRecords records = reader.records(row, customer);
        MappedOpportunity mapped = mapper.map(records);
        List<String> problems = validation.forCreate(mapped);
        if (!problems.isEmpty()) {
            return invalid(run, row, Optional.empty(), "Cannot share with Partner Center: " + String.join(" ", problems));
        }
        ReferralCreation.Created created;
        try {
            created = creation.create(run.id().toString(), mapped.referralToCreate());
        } catch (ApiException e) {
            if (e.isTransient()) {
                throw e;
            }
            return invalid(run, row, Optional.empty(), "Partner Center refused the referral: " + e.getMessage());
        }
        Referral referral = created.referral();
        return leased("referral#" + referral.id(), run, () -> {
            if (!state.link(referral.id(), run.ref())) {
                throw new RetryLaterException("Referral " + referral.id() + " could not be linked to opportunity "
                        + run.id() + " yet; will retry.");
            }
            return writeBackCreated(run, row, referral, records, customer.customerIsContact(), created.recovered());
        });
    }

    private OutboundResult writeBackCreated(Run run, CrmRecord row, Referral referral, OpportunityRecords records,
                                            boolean customerIsContact, boolean recovered) {
        ConnectorColumns columns = config.connectorColumns();
        ObjectNode fields = CrmColumns.empty();
        fields.put(columns.referralId(), referral.id());
        fields.put(columns.referralLink(), config.referralLink(referral.id(), referral.engagementId()));
        if (referral.consent() != null && Boolean.TRUE.equals(referral.consent().consentToShareReferralWithMicrosoftSellers())) {
            fields.put(columns.visibleToMicrosoft(), true);
        }
        Map<String, String> created = ReferralFields.of(referral, json);
        String what = "shared with Partner Center as " + (referral.type() == null ? "" : referral.type() + " ")
                + "referral " + referral.id() + (recovered ? " (found from an earlier attempt)" : "") + ": "
                + AuditText.changes(Map.of(), crmOwned(created));
        ObjectNode after = writeBack.write(row, new OpportunityWriteBack.Change(fields, Optional.of(true),
                Optional.of(what), false));
        saveSnapshot(referral, after, records.solutions(), customerIsContact, Optional.empty());
        log(referral.id(), new ArrayList<>(crmOwned(created).keySet()), SyncOutcome.SYNCED, what);
        return result(run, OutboundOutcome.CREATED, Optional.of(referral.id()), what);
    }

    // ---- referral linked ------------------------------------------------------------------------------------

    private OutboundResult update(Run run, CrmRecord row, String referralId) {
        Optional<SyncSnapshot> snapshot = state.snapshot(referralId).filter(s -> s.partnerCenterETag() != null);
        PartnerCenterSide start = snapshot.map(s -> PartnerCenterSide.asSnapshotted(s.partnerCenterFields()))
                .orElseGet(() -> PartnerCenterSide.of(partnerCenter.get(referralId), json));
        Map<String, String> base = start.fields();
        String eTag = snapshot.map(SyncSnapshot::partnerCenterETag).orElseGet(() -> start.referral().orElseThrow().eTag());
        PartnerCenterSide current = start;
        boolean customerIsContact = snapshot.map(s -> s.crmFields().containsKey("customerid_contact@odata.bind")).orElse(false);

        boolean conversion = row.fields().hasNonNull(config.connectorColumns().microsoftHelp())
                && !base.containsKey(ReferralFields.MICROSOFT_HELP);
        OpportunityReader.Customer customer = conversion ? reader.customer(row) : OpportunityReader.Customer.NOT_READ;
        OpportunityRecords records = reader.records(row, customer);
        MappedOpportunity mapped = mapper.map(records);
        PatchPlan plan = planner.plan(mapped, base, current);
        if (plan.needsReferral()) {
            current = PartnerCenterSide.of(partnerCenter.get(referralId), json);
            eTag = current.referral().orElseThrow().eTag();
            plan = planner.plan(mapped, base, current);
        }
        boolean merged = false;
        for (int attempt = 1; attempt <= PATCH_ATTEMPTS; attempt++) {
            if (plan.sendsNothing()) {
                return noChange(run, row, referralId, plan, current, records, customerIsContact, snapshot);
            }
            if (current.isTerminal()) {
                return terminal(run, row, referralId, plan, current, records, customerIsContact, snapshot);
            }
            List<String> problems = validation.forUpdate(mapped, plan);
            if (!problems.isEmpty()) {
                return invalid(run, row, Optional.of(referralId), "Cannot update the referral in Partner Center: "
                        + String.join(" ", problems));
            }
            try {
                Referral after = partnerCenter.patch(referralId, plan.operations(), Optional.ofNullable(eTag));
                return updated(run, row, after, plan, current, records, customerIsContact, snapshot, merged);
            } catch (ReferralConflictException conflict) {
                merged = true;
                Referral fresh = partnerCenter.get(referralId);
                current = PartnerCenterSide.of(fresh, json);
                eTag = fresh.eTag();
                plan = planner.plan(mapped, base, current);
            } catch (ApiException e) {
                if (e.isTransient()) {
                    throw e;
                }
                if (e.status() != 409) {
                    return invalid(run, row, Optional.of(referralId), "Partner Center refused the update: " + e.getMessage());
                }
                current = PartnerCenterSide.of(partnerCenter.get(referralId), json);
                eTag = current.referral().orElseThrow().eTag();
                plan = planner.plan(mapped, base, current);
            }
        }
        throw new RetryLaterException("Referral " + referralId + " kept changing in Partner Center during the sync; will retry.");
    }

    private OutboundResult updated(Run run, CrmRecord row, Referral after, PatchPlan plan, PartnerCenterSide before,
                                   OpportunityRecords records, boolean customerIsContact, Optional<SyncSnapshot> snapshot,
                                   boolean merged) {
        String what = describe(plan, before.fields(), ReferralFields.of(after, json))
                + (merged ? " (merged with a newer version in Partner Center)" : "");
        ObjectNode rowAfter = writeBack.write(row, new OpportunityWriteBack.Change(plan.crmRestores(), Optional.of(true),
                Optional.of(what), false));
        saveSnapshot(after, rowAfter, records.solutions(), customerIsContact, snapshot);
        List<String> written = new ArrayList<>(plan.sentPaths());
        plan.statusChange().ifPresent(change -> written.add(ReferralFields.STATUS));
        log(after.id(), written, SyncOutcome.SYNCED, what);
        return result(run, OutboundOutcome.UPDATED, Optional.of(after.id()), what);
    }

    /**
     * Nothing to send. Notes (a one-way field set back) still reach the Audit column, a ✘ left by an earlier failure
     * turns into ✔, and a referral read during the sync refreshes the snapshot. Otherwise not a single write.
     */
    private OutboundResult noChange(Run run, CrmRecord row, String referralId, PatchPlan plan, PartnerCenterSide current,
                                    OpportunityRecords records, boolean customerIsContact, Optional<SyncSnapshot> snapshot) {
        Optional<String> notes = plan.notes().isEmpty() ? Optional.empty()
                : Optional.of("not sent: " + String.join("; ", plan.notes()));
        ObjectNode rowAfter = writeBack.write(row, new OpportunityWriteBack.Change(plan.crmRestores(), Optional.of(true),
                notes, true));
        current.referral().ifPresent(read -> saveSnapshot(read, rowAfter, records.solutions(), customerIsContact, snapshot));
        String message = notes.orElse("Partner Center already has the CRM's data of opportunity " + run.id() + ".");
        log(referralId, List.of(), SyncOutcome.NO_CHANGE, message);
        return result(run, OutboundOutcome.NO_CHANGE, Optional.of(referralId), message);
    }

    private OutboundResult terminal(Run run, CrmRecord row, String referralId, PatchPlan plan, PartnerCenterSide current,
                                    OpportunityRecords records, boolean customerIsContact, Optional<SyncSnapshot> snapshot) {
        List<String> changes = new ArrayList<>(plan.sentPaths().stream().map(ReferralFields::label).toList());
        plan.statusChange().ifPresent(change -> changes.add(change.describe()));
        String what = "not sent: the referral is " + current.statusText() + ", and Partner Center does not allow "
                + "editing a closed referral (changed in the CRM: " + String.join(", ", changes) + ")";
        ObjectNode rowAfter = writeBack.write(row, new OpportunityWriteBack.Change(CrmColumns.empty(), Optional.empty(),
                Optional.of(what), true));
        current.referral().ifPresent(read -> saveSnapshot(read, rowAfter, records.solutions(), customerIsContact, snapshot));
        log(referralId, List.of(), SyncOutcome.SKIPPED, what);
        return result(run, OutboundOutcome.TERMINAL_SKIPPED, Optional.of(referralId), what);
    }

    private OutboundResult invalid(Run run, CrmRecord row, Optional<String> referralId, String message) {
        writeBack.write(row, new OpportunityWriteBack.Change(CrmColumns.empty(), Optional.of(false),
                Optional.of("✘ " + message), true));
        log(referralId.orElse("opportunity#" + run.id()), List.of(), SyncOutcome.FAILED, message);
        return result(run, OutboundOutcome.INVALID, referralId, message);
    }

    // ---- bookkeeping ----------------------------------------------------------------------------------------

    /** "updated deal value 90,000 EUR, close date 2025-10-31; accepted the referral; note …". */
    private static String describe(PatchPlan plan, Map<String, String> before, Map<String, String> after) {
        List<String> parts = new ArrayList<>();
        String changes = AuditText.changes(only(before, plan.sentPaths()), only(after, plan.sentPaths()));
        if (!changes.isEmpty()) {
            parts.add("updated " + changes);
        }
        plan.statusChange().map(ReferralStatusChange::describe).ifPresent(parts::add);
        parts.addAll(plan.notes());
        return String.join("; ", parts);
    }

    private static Map<String, String> crmOwned(Map<String, String> fields) {
        return only(fields, ReferralPatchPlanner.CRM_OWNED);
    }

    private static Map<String, String> only(Map<String, String> fields, List<String> paths) {
        Map<String, String> kept = new LinkedHashMap<>();
        paths.forEach(path -> {
            if (fields.containsKey(path)) {
                kept.put(path, fields.get(path));
            }
        });
        return kept;
    }

    private void saveSnapshot(Referral referral, ObjectNode opportunity, List<ObjectNode> solutionRows,
                              boolean customerIsContact, Optional<SyncSnapshot> previous) {
        long revision = previous.or(() -> state.snapshot(referral.id())).map(SyncSnapshot::revision).orElse(0L);
        SyncSnapshot next = new SyncSnapshot(referral.id(), ReferralFields.of(referral, json),
                crmSnapshot.of(referral, opportunity, solutionRows, customerIsContact), referral.eTag(),
                referral.updatedDateTime(), null, revision);
        if (!state.saveSnapshot(next)) {
            throw new RetryLaterException("The sync state of referral " + referral.id()
                    + " was saved by another worker at the same time; will retry.");
        }
    }

    private void log(String key, List<String> changedFields, SyncOutcome outcome, String message) {
        state.append(new SyncLogEntry(key, clock.instant(), SyncDirection.CRM_TO_PC, changedFields, outcome, message));
    }

    private OutboundResult result(Run run, OutboundOutcome outcome, Optional<String> referralId, String message) {
        return new OutboundResult(run.id().toString(), outcome, referralId, message,
                Duration.between(run.start(), clock.instant()));
    }
}
