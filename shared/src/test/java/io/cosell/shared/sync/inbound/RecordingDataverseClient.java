package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.ChangePage;
import io.cosell.shared.crm.ChangeTrackingPage;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.crm.UpsertMode;
import io.cosell.shared.crm.UpsertResult;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The real Dataverse client, remembering every call (and the body of every write) for the test to inspect. */
final class RecordingDataverseClient implements DataverseClient {

    /** One call: the operation, the entity set, the fields written (null for reads) and an update's ETag condition. */
    record Call(String operation, String entitySet, ObjectNode fields, Optional<String> ifMatch) {

        Call(String operation, String entitySet, ObjectNode fields) {
            this(operation, entitySet, fields, Optional.empty());
        }
    }

    private final DataverseClient delegate;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger interferences = new AtomicInteger();
    private volatile Runnable interference = () -> { };

    RecordingDataverseClient(DataverseClient delegate) {
        this.delegate = delegate;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> writes() {
        return calls.stream().filter(c -> c.fields() != null).toList();
    }

    void clear() {
        calls.clear();
        interferences.set(0);
    }

    /** Runs {@code action} (e.g. a seller's edit) right before each of the next {@code times} updates. */
    void beforeUpdates(int times, Runnable action) {
        interference = action;
        interferences.set(times);
    }

    @Override
    public List<CrmRecord> query(EntitySet set, ODataQuery query) {
        calls.add(new Call("query", set.name(), null));
        return delegate.query(set, query);
    }

    @Override
    public Optional<CrmRecord> get(EntitySet set, UUID id, List<String> select) {
        calls.add(new Call("get", set.name(), null));
        return delegate.get(set, id, select);
    }

    @Override
    public Optional<CrmRecord> findByAlternateKey(EntitySet set, String keyColumn, String value, List<String> select) {
        calls.add(new Call("findByAlternateKey", set.name(), null));
        return delegate.findByAlternateKey(set, keyColumn, value, select);
    }

    @Override
    public UUID create(EntitySet set, ObjectNode fields) {
        calls.add(new Call("create", set.name(), fields.deepCopy()));
        return delegate.create(set, fields);
    }

    @Override
    public boolean createWithId(EntitySet set, UUID id, ObjectNode fields) {
        calls.add(new Call("create", set.name(), fields.deepCopy()));
        return delegate.createWithId(set, id, fields);
    }

    @Override
    public boolean createAllWithIds(java.util.List<io.cosell.shared.crm.NewRecord> records) {
        records.forEach(r -> calls.add(new Call("create", r.set().name(), r.fields())));
        return delegate.createAllWithIds(records);
    }

    @Override
    public void update(EntitySet set, UUID id, ObjectNode fields, Optional<String> etag) {
        calls.add(new Call("update", set.name(), fields.deepCopy(), etag));
        if (interferences.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            interference.run();
        }
        delegate.update(set, id, fields, etag);
    }

    @Override
    public UpsertResult upsertByAlternateKey(EntitySet set, String keyColumn, String value, ObjectNode fields,
                                             UpsertMode mode) {
        calls.add(new Call("upsert", set.name(), fields.deepCopy()));
        return delegate.upsertByAlternateKey(set, keyColumn, value, fields, mode);
    }

    @Override
    public boolean delete(EntitySet set, UUID id) {
        calls.add(new Call("delete", set.name(), null));
        return delegate.delete(set, id);
    }

    @Override
    public void winOpportunity(UUID opportunityId, int status, String subject) {
        calls.add(new Call("winOpportunity", EntitySet.OPPORTUNITIES.name(), null));
        delegate.winOpportunity(opportunityId, status, subject);
    }

    @Override
    public void loseOpportunity(UUID opportunityId, int status, String subject) {
        calls.add(new Call("loseOpportunity", EntitySet.OPPORTUNITIES.name(), null));
        delegate.loseOpportunity(opportunityId, status, subject);
    }

    @Override
    public ChangePage changes(EntitySet set, List<String> select, Optional<String> deltaLink) {
        calls.add(new Call("changes", set.name(), null));
        return delegate.changes(set, select, deltaLink);
    }

    @Override
    public ChangeTrackingPage changesPage(EntitySet set, List<String> select, Optional<String> link) {
        calls.add(new Call("changesPage", set.name(), null));
        return delegate.changesPage(set, select, link);
    }
}
