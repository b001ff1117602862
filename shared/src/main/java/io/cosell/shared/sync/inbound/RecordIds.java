package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Creates the records the inbound sync makes (accounts, contacts, solution rows) under ids derived from what they are
 * for: a name-based UUID of the owning referral or opportunity and the record's role. The create is
 * {@link DataverseClient#createWithId} ({@code PATCH /set(id)} with {@code If-None-Match: *}), so a create repeated
 * after its answer was lost, inside the call or by a later attempt, finds the record made the first time (412) instead
 * of making a second one.
 */
final class RecordIds {

    private final DataverseClient crm;

    RecordIds(DataverseClient crm) {
        this.crm = crm;
    }

    /** The id of the record playing {@code role} for {@code owner} (e.g. a referral id and "account:<match key>"). */
    static UUID idOf(EntitySet set, String owner, String role) {
        return UUID.nameUUIDFromBytes(("cosell:" + set.name() + ":" + owner + ":" + role).getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the record unless it exists already; returns its id either way. */
    UUID create(EntitySet set, String owner, String role, ObjectNode fields) {
        UUID id = idOf(set, owner, role);
        crm.createWithId(set, id, fields);
        return id;
    }
}
