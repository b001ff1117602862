package io.cosell.shared.sync.outbound;

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

/** Passes every call on to the real client; tests override the one that should misbehave. */
class ForwardingDataverseClient implements DataverseClient {

    private final DataverseClient delegate;

    ForwardingDataverseClient(DataverseClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<CrmRecord> query(EntitySet set, ODataQuery query) {
        return delegate.query(set, query);
    }

    @Override
    public Optional<CrmRecord> get(EntitySet set, UUID id, List<String> select) {
        return delegate.get(set, id, select);
    }

    @Override
    public Optional<CrmRecord> findByAlternateKey(EntitySet set, String keyColumn, String value, List<String> select) {
        return delegate.findByAlternateKey(set, keyColumn, value, select);
    }

    @Override
    public UUID create(EntitySet set, ObjectNode fields) {
        return delegate.create(set, fields);
    }

    @Override
    public boolean createWithId(EntitySet set, UUID id, ObjectNode fields) {
        return delegate.createWithId(set, id, fields);
    }

    @Override
    public boolean createAllWithIds(java.util.List<io.cosell.shared.crm.NewRecord> records) {
        return delegate.createAllWithIds(records);
    }

    @Override
    public void update(EntitySet set, UUID id, ObjectNode fields, Optional<String> etag) {
        delegate.update(set, id, fields, etag);
    }

    @Override
    public UpsertResult upsertByAlternateKey(EntitySet set, String keyColumn, String value, ObjectNode fields,
                                             UpsertMode mode) {
        return delegate.upsertByAlternateKey(set, keyColumn, value, fields, mode);
    }

    @Override
    public boolean delete(EntitySet set, UUID id) {
        return delegate.delete(set, id);
    }

    @Override
    public void winOpportunity(UUID opportunityId, int status, String subject) {
        delegate.winOpportunity(opportunityId, status, subject);
    }

    @Override
    public void loseOpportunity(UUID opportunityId, int status, String subject) {
        delegate.loseOpportunity(opportunityId, status, subject);
    }

    @Override
    public ChangePage changes(EntitySet set, List<String> select, Optional<String> deltaLink) {
        return delegate.changes(set, select, deltaLink);
    }

    @Override
    public ChangeTrackingPage changesPage(EntitySet set, List<String> select, Optional<String> link) {
        return delegate.changesPage(set, select, link);
    }
}
