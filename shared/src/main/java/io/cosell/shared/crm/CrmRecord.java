package io.cosell.shared.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.UUID;

/**
 * One Dataverse row as read: its id, its ETag ({@code W/"<version>"}, for {@code If-Match}) and all returned
 * properties as JSON (columns, {@code _x_value} lookups and annotations).
 */
public record CrmRecord(UUID id, String etag, ObjectNode fields) {

    static CrmRecord of(EntitySet set, JsonNode row) {
        JsonNode id = row.get(set.primaryKey());
        if (id == null || !id.isTextual()) {
            throw new IllegalStateException("a " + set.name() + " row without its primary key " + set.primaryKey());
        }
        JsonNode etag = row.get("@odata.etag");
        return new CrmRecord(UUID.fromString(id.asText()), etag == null ? null : etag.asText(), (ObjectNode) row);
    }

    /** A column's text, empty when the column is missing or null. */
    public Optional<String> text(String column) {
        JsonNode value = fields.get(column);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** A lookup's target id ({@code _<lookup>_value}), empty when not set. */
    public Optional<UUID> lookup(String lookupColumn) {
        return text("_" + lookupColumn + "_value").map(UUID::fromString);
    }
}
