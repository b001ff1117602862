package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.UpsertMode;
import io.cosell.shared.crm.UpsertResult;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.mapping.AuditText;
import io.cosell.shared.mapping.CheckMark;
import io.cosell.shared.mapping.ConnectorColumns;
import io.cosell.shared.mapping.CrmColumns;
import io.cosell.shared.mapping.CrmRecordKind;
import io.cosell.shared.mapping.CrmStage;
import io.cosell.shared.mapping.MappedReferral;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.MappingProblem;
import io.cosell.shared.mapping.MappingResult;
import io.cosell.shared.mapping.NewReferralTarget;
import io.cosell.shared.mapping.ReferralFields;
import io.cosell.shared.mapping.ReferralMapper;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.RenewedLeaseStore;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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
 *   <li>Customer account and contacts are found or created ({@link CustomerRecords}); currency bound by ISO code.</li>
 *   <li>The lead or opportunity is upserted by its {@code cosell_referralid} key with only the columns that differ
 *       from the snapshot (all of them for a new record); an accepted referral's opportunity gets
 *       {@code originatingleadid} and its lead is qualified; solutions rows follow the referral; Won/Lost go through
 *       the Win/Lose actions; a lead that ends without being accepted is disqualified.</li>
 *   <li>Link, snapshot (mapped fields, PC eTag and updatedDateTime, CRM ETag) and a log entry are stored.</li>
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
    static final String MICROSOFT_ORGANIZATION = "msft";
    static final String SOLUTIONS_FIELD = "cosell_solutions";
    static final String STATECODE = "statecode";
    static final String STATUSCODE = "statuscode";

    private final ReferralClient partnerCenter;
    private final DataverseClient crm;
    private final SyncStateStore state;
    private final MappingConfig config;
    private final Clock clock;
    private final ReferralMapper mapper;
    private final CustomerRecords customers;
    private final CurrencyIds currencies;
    private final SolutionRows solutions;
    private final OwnReferrals ownReferrals;
    private final ObjectMapper json;
    private final ReferralJson referralJson;

    public ReferralInboundSync(ReferralClient partnerCenter, DataverseClient crm, SyncStateStore state,
                               MappingConfig config, Clock clock, ObjectMapper json) {
        this.partnerCenter = partnerCenter;
        this.crm = crm;
        this.state = state;
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.referralJson = new ReferralJson(json);
        this.mapper = new ReferralMapper(config, json);
        this.customers = new CustomerRecords(crm, state, LEASE_DURATION);
        this.currencies = new CurrencyIds(crm);
        this.solutions = new SolutionRows(crm, config.connectorColumns());
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
            Referral referral = read(referralId);
            if (MICROSOFT_ORGANIZATION.equals(referral.organizationId())) {
                Optional<Referral> own = ownReferralOfEngagement(referral);
                if (own.isEmpty()) {
                    String message = "Microsoft's referral " + referralId + " belongs to engagement "
                            + referral.engagementId() + ", which has no referral of ours to update.";
                    log(referralId, List.of(), SyncOutcome.SKIPPED, message);
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
        Optional<ReferralLink> link = state.linkByReferral(id);
        Optional<SyncSnapshot> snapshot = state.snapshot(id);
        Optional<CrmRecordRef> linkedRecord = link.map(ReferralLink::crmRecord);
        Optional<OwnReferrals.Adopted> own = snapshot.isEmpty() ? ownReferrals.adopt(referral, link) : Optional.empty();
        if (own.isPresent()) {
            log(id, own.get().writtenFields(), SyncOutcome.SYNCED, own.get().message());
            return result(id, InboundOutcome.UPDATED, Optional.of(own.get().record()), own.get().message(), start);
        }
        if (isStale(referral, snapshot)) {
            String message = "Ignored an older version of referral " + id + " (updated " + referral.updatedDateTime()
                    + "); the CRM already has the version of " + snapshot.get().partnerCenterUpdatedAt() + ".";
            log(id, List.of(), SyncOutcome.SKIPPED, message);
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
            saveSnapshot(referral, snapshot, snapshot.get().partnerCenterFields(), base, snapshot.get().crmETag());
            String message = "Referral " + id + " has no changes for the CRM.";
            log(id, List.of(), SyncOutcome.NO_CHANGE, message);
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
        EntitySet set = kind.entitySet();
        ConnectorColumns connector = config.connectorColumns();
        String keyColumn = kind == CrmRecordKind.LEAD ? connector.leadReferralId() : connector.referralId();
        String nameColumn = kind == CrmRecordKind.LEAD ? "subject" : "name";

        Optional<CrmRecord> existing = crm.findByAlternateKey(set, keyColumn, id, readBack(kind));
        Map<String, String> base = existing.isPresent() ? snapshotBase : Map.of();
        Map<String, String> partnerCenterBefore = snapshot.map(SyncSnapshot::partnerCenterFields).orElse(Map.of());

        ObjectNode columns = mapped.record().deepCopy();
        bindCustomer(columns, mapped, kind, partnerCenterBefore, base, owner);
        bindCurrency(columns, mapped, id);
        boolean linkedToOpportunity = link.map(l -> l.crmRecord().entitySet().equals(EntitySet.OPPORTUNITIES.name()))
                .orElse(false);
        Optional<CrmRecord> leadToConvert = kind == CrmRecordKind.OPPORTUNITY && !linkedToOpportunity
                ? leadOf(id, link) : Optional.empty();

        ObjectNode changed = CrmColumns.changed(columns, base);
        existing.flatMap(r -> r.text(nameColumn))
                .filter(current -> !current.equals(columns.path(nameColumn).asText()))
                .ifPresent(current -> changed.set(nameColumn, columns.get(nameColumn)));
        leadToConvert.ifPresent(lead -> changed.put("originatingleadid@odata.bind", "/" + EntitySet.LEADS.name() + "(" + lead.id() + ")"));
        String solutionsJson = kind == CrmRecordKind.OPPORTUNITY ? toJson(mapped.solutions()) : null;
        boolean solutionsChanged = solutionsJson != null && !solutionsJson.equals(base.get(SOLUTIONS_FIELD));
        int currentState = existing.map(r -> r.fields().path(STATECODE).asInt(0)).orElse(0);
        Optional<CrmStage> stageChange = mapped.stage().filter(stage -> !stage.isOpen() && currentState == 0);

        String what = describe(mapped, existing.isEmpty(), leadToConvert.isPresent(), partnerCenterBefore, stageChange);
        String line = AuditText.line(clock.instant(), what);
        if (kind == CrmRecordKind.OPPORTUNITY) {
            changed.put(connector.audit(), AuditText.append(existing.flatMap(r -> r.text(connector.audit())).orElse(null), line));
        }
        UpsertResult written = changed.isEmpty() && existing.isPresent()
                ? new UpsertResult(existing.get().id(), false)
                : crm.upsertByAlternateKey(set, keyColumn, id, changed, UpsertMode.CREATE_OR_UPDATE);
        CrmRecordRef record = new CrmRecordRef(set.name(), written.id().toString());

        leadToConvert.filter(lead -> lead.fields().path(STATECODE).asInt(0) == 0)
                .ifPresent(lead -> qualify(lead.id(), written.id()));
        if (solutionsChanged) {
            solutions.sync(written.id(), mapped.solutions());
        }
        stageChange.ifPresent(stage -> close(kind, written.id(), stage, referral));

        String etag = crm.get(set, written.id(), List.of(set.primaryKey())).map(CrmRecord::etag).orElse(null);
        linkTo(id, link, record);
        int stateAfter = stageChange.map(CrmStage::stateCode).orElse(currentState);
        saveSnapshot(referral, snapshot, mapped.partnerCenterFields(), crmSnapshot(columns, solutionsJson, stateAfter), etag);
        log(id, writtenFields(changed, solutionsChanged, stageChange.isPresent()), SyncOutcome.SYNCED, line);
        InboundOutcome outcome = written.created() ? InboundOutcome.CREATED : InboundOutcome.UPDATED;
        return result(id, outcome, Optional.of(record), line, start);
    }

    /** The CRM side as the snapshot keeps it: the mapped columns, the solutions rows and the state. */
    private static Map<String, String> crmSnapshot(ObjectNode columns, String solutionsJson, int stateCode) {
        Map<String, String> fields = new LinkedHashMap<>(CrmColumns.snapshotOf(columns));
        if (solutionsJson != null) {
            fields.put(SOLUTIONS_FIELD, solutionsJson);
        }
        fields.put(STATECODE, Integer.toString(stateCode));
        return fields;
    }

    private static List<String> writtenFields(ObjectNode changed, boolean solutionsChanged, boolean stateChanged) {
        List<String> written = new ArrayList<>();
        changed.fieldNames().forEachRemaining(written::add);
        if (solutionsChanged) {
            written.add(SOLUTIONS_FIELD);
        }
        if (stateChanged) {
            written.add(STATECODE);
        }
        return written;
    }

    /** What a sync reads of an existing record: its name, state and (opportunities) audit trail. */
    private List<String> readBack(CrmRecordKind kind) {
        return kind == CrmRecordKind.LEAD ? List.of("leadid", "subject", STATECODE)
                : List.of("opportunityid", "name", STATECODE, config.connectorColumns().audit());
    }

    /**
     * Binds the account and first contact: found or created when the customer changed in Partner Center (or nothing
     * is bound yet), else the ones bound last time.
     */
    private void bindCustomer(ObjectNode columns, MappedReferral mapped, CrmRecordKind kind,
                              Map<String, String> partnerCenterBefore, Map<String, String> base, String owner) {
        List<String> accountBinds = kind == CrmRecordKind.LEAD
                ? List.of("parentaccountid@odata.bind", "customerid_account@odata.bind")
                : List.of("customerid_account@odata.bind", "parentaccountid@odata.bind");
        String contactBind = "parentcontactid@odata.bind";
        boolean customerChanged = !Objects.equals(partnerCenterBefore.get(ReferralFields.CUSTOMER),
                mapped.partnerCenterFields().get(ReferralFields.CUSTOMER));
        if (!customerChanged && base.containsKey(accountBinds.getFirst())) {
            for (String bind : accountBinds) {
                copyFrom(base, bind, columns);
            }
            copyFrom(base, contactBind, columns);
            return;
        }
        CustomerRecords.Customer customer = customers.findOrCreate(mapped, owner);
        for (String bind : accountBinds) {
            columns.put(bind, "/" + EntitySet.ACCOUNTS.name() + "(" + customer.accountId() + ")");
        }
        customer.firstContact().ifPresent(contact -> columns.put(contactBind, "/" + EntitySet.CONTACTS.name() + "(" + contact + ")"));
    }

    private void copyFrom(Map<String, String> base, String column, ObjectNode columns) {
        String json = base.get(column);
        if (json != null) {
            try {
                columns.set(column, this.json.readTree(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("snapshot value of " + column + " is not JSON: " + json, e);
            }
        }
    }

    private void bindCurrency(ObjectNode columns, MappedReferral mapped, String referralId) {
        if (mapped.currency().isEmpty()) {
            return;
        }
        String iso = mapped.currency().get();
        UUID currency = currencies.idOf(iso).orElseThrow(() -> new CannotSync(MappingProblem.of(referralId,
                "its currency " + iso + " is not set up in the CRM (add it under Settings > Currencies).").message()));
        columns.put(config.currencyLookup() + "@odata.bind",
                "/" + EntitySet.TRANSACTION_CURRENCIES.name() + "(" + currency + ")");
    }

    /** The lead this referral was synced to before it was accepted, if the connector writes leads. */
    private Optional<CrmRecord> leadOf(String referralId, Optional<ReferralLink> link) {
        boolean linkedToLead = link.filter(l -> l.crmRecord().entitySet().equals(EntitySet.LEADS.name())).isPresent();
        if (!linkedToLead && config.newReferralBecomes() != NewReferralTarget.LEAD) {
            return Optional.empty();
        }
        return crm.findByAlternateKey(EntitySet.LEADS, config.connectorColumns().leadReferralId(), referralId,
                List.of("leadid", STATECODE));
    }

    private void qualify(UUID leadId, UUID opportunityId) {
        ObjectNode fields = CrmColumns.empty();
        fields.put(STATECODE, 1);
        fields.put(STATUSCODE, 3);
        fields.put("qualifyingopportunityid@odata.bind", "/" + EntitySet.OPPORTUNITIES.name() + "(" + opportunityId + ")");
        crm.update(EntitySet.LEADS, leadId, fields, Optional.empty());
    }

    private void close(CrmRecordKind kind, UUID recordId, CrmStage stage, Referral referral) {
        String subject = "Partner Center: " + referral.status() + "/" + referral.substatus();
        if (kind == CrmRecordKind.LEAD) {
            ObjectNode fields = CrmColumns.empty();
            fields.put(STATECODE, stage.stateCode());
            fields.put(STATUSCODE, stage.statusCode());
            crm.update(EntitySet.LEADS, recordId, fields, Optional.empty());
        } else if (stage == CrmStage.OPPORTUNITY_WON) {
            crm.winOpportunity(recordId, stage.statusCode(), subject);
        } else {
            crm.loseOpportunity(recordId, stage.statusCode(), subject);
        }
    }

    private void linkTo(String referralId, Optional<ReferralLink> link, CrmRecordRef record) {
        if (link.isEmpty()) {
            state.link(referralId, record);
        } else if (!link.get().crmRecord().equals(record)) {
            state.relink(referralId, link.get().crmRecord(), record);
        }
    }

    private static String describe(MappedReferral mapped, boolean created, boolean converted,
                                   Map<String, String> partnerCenterBefore, Optional<CrmStage> stageChange) {
        String kind = mapped.kind() == CrmRecordKind.LEAD ? "lead" : "opportunity";
        String changes = AuditText.changes(created ? Map.of() : partnerCenterBefore, mapped.partnerCenterFields());
        StringBuilder text = new StringBuilder();
        if (converted) {
            text.append("converted the lead into an opportunity");
        } else {
            text.append(created ? "created " + kind : "updated");
        }
        if (!changes.isEmpty()) {
            text.append(created || converted ? ": " : " ").append(changes);
        } else if (!created && !converted) {
            text.append(" the ").append(kind).append(" from Partner Center");
        }
        stageChange.ifPresent(stage -> text.append("; ").append(switch (stage) {
            case OPPORTUNITY_WON -> "opportunity closed as won";
            case OPPORTUNITY_LOST -> "opportunity closed as lost";
            default -> "lead disqualified";
        }));
        mapped.warnings().forEach(warning -> text.append(" (note: ").append(warning).append(")"));
        return text.toString();
    }

    /**
     * Writes nothing of the referral: logs the reason and shows it in the linked record's audit (opportunities) with
     * ✘ in its name, or, when nothing is linked yet, in a placeholder opportunity. The snapshot keeps its CRM side but takes the failed
     * referral's Partner Center fields, so the next good version counts as a change and clears the ✘.
     */
    private InboundResult unmappable(Referral referral, String message, Optional<CrmRecordRef> linked,
                                     Optional<SyncSnapshot> snapshot, Instant start) {
        String id = referral.id();
        log(id, List.of(), SyncOutcome.FAILED, message);
        if (linked.isPresent()) {
            markFailed(linked.get(), message);
        } else {
            linked = Optional.of(placeholder(referral, message));
        }
        if (snapshot.isPresent()) {
            saveSnapshot(referral, snapshot, ReferralFields.of(referral, referralJson), snapshot.get().crmFields(),
                    snapshot.get().crmETag());
        }
        return result(id, InboundOutcome.UNMAPPABLE, linked, message, start);
    }

    /**
     * A referral that cannot be mapped on arrival still shows up where sellers work: an opportunity with only the
     * connector's columns, ✘ in the name and the reason in the audit column (leads have no audit column). Upserted by
     * the referral id key, so repeats never duplicate it; the next good version of the referral fills it in.
     */
    private CrmRecordRef placeholder(Referral referral, String message) {
        ConnectorColumns columns = config.connectorColumns();
        String name = referral.name() == null || referral.name().isBlank() ? "Referral " + referral.id() : referral.name();
        ObjectNode fields = CrmColumns.empty();
        fields.put("name", CheckMark.mark(name, false, config.checkMarks()));
        fields.put(columns.syncWithPartnerCenter(), true);
        fields.put(columns.referralLink(), config.referralLink(referral.id(), referral.engagementId()));
        fields.put(columns.audit(), AuditText.line(clock.instant(), "✘ " + message));
        UUID id = crm.upsertByAlternateKey(EntitySet.OPPORTUNITIES, columns.referralId(), referral.id(), fields,
                UpsertMode.CREATE_OR_UPDATE).id();
        CrmRecordRef record = new CrmRecordRef(EntitySet.OPPORTUNITIES.name(), id.toString());
        state.link(referral.id(), record);
        return record;
    }

    private void markFailed(CrmRecordRef record, String message) {
        Optional<CrmRecordKind> kind = CrmRecordKind.ofEntitySet(record.entitySet());
        if (kind.isEmpty()) {
            return;
        }
        EntitySet set = kind.get().entitySet();
        String nameColumn = kind.get() == CrmRecordKind.LEAD ? "subject" : "name";
        String audit = config.connectorColumns().audit();
        UUID recordId = UUID.fromString(record.id());
        Optional<CrmRecord> current = crm.get(set, recordId, readBack(kind.get()));
        if (current.isEmpty()) {
            return;
        }
        ObjectNode fields = CrmColumns.empty();
        current.get().text(nameColumn).ifPresent(name -> {
            String marked = CheckMark.mark(name, false, config.checkMarks());
            if (!marked.equals(name)) {
                fields.put(nameColumn, marked);
            }
        });
        if (kind.get() == CrmRecordKind.OPPORTUNITY) {
            fields.put(audit, AuditText.append(current.get().text(audit).orElse(null),
                    AuditText.line(clock.instant(), "✘ " + message)));
        }
        if (!fields.isEmpty()) {
            crm.update(set, recordId, fields, Optional.empty());
        }
    }

    private void saveSnapshot(Referral referral, Optional<SyncSnapshot> previous, Map<String, String> partnerCenterFields,
                              Map<String, String> crmFields, String crmETag) {
        SyncSnapshot next = new SyncSnapshot(referral.id(), partnerCenterFields, crmFields, referral.eTag(),
                referral.updatedDateTime(), crmETag, previous.map(SyncSnapshot::revision).orElse(0L));
        if (!state.saveSnapshot(next)) {
            throw new RetryLater("The sync state of referral " + referral.id()
                    + " was saved by another worker at the same time; will retry.");
        }
    }

    private void log(String referralId, List<String> changedFields, SyncOutcome outcome, String message) {
        state.append(new SyncLogEntry(referralId, clock.instant(), SyncDirection.PC_TO_CRM, changedFields, outcome, message));
    }

    private InboundResult result(String referralId, InboundOutcome outcome, Optional<CrmRecordRef> record,
                                 String message, Instant start) {
        return new InboundResult(referralId, outcome, record, message, Duration.between(start, clock.instant()));
    }

    private String toJson(List<ObjectNode> rows) {
        ArrayNode array = json.createArrayNode();
        rows.forEach(array::add);
        return array.toString();
    }
}
