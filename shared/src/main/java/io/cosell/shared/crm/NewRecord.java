package io.cosell.shared.crm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/** A record to create under the id the caller chose (see {@link DataverseClient#createAllWithIds}). */
public record NewRecord(EntitySet set, UUID id, ObjectNode fields) {

    public NewRecord {
        fields = fields.deepCopy();
    }

    @Override
    public ObjectNode fields() {
        return fields.deepCopy();
    }
}
