package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.UUID;

/**
 * One stored record, never changed after it is built (a write stores a new Row).
 *
 * @param sequence creation order within the table (the default row order)
 * @param version  the row version ({@code versionnumber}, the ETag's value)
 * @param values   property name ({@code _x_value} for lookups) → stored value
 * @param lookups  lookup column name → what it points to (for annotations)
 */
record Row(UUID id, long sequence, long version, ObjectNode values, Map<String, LookupTarget> lookups) {

    /** The target of one set lookup. */
    record LookupTarget(String navigationProperty, String targetSet, String targetLogicalName) {
    }

    Row {
        values = values.deepCopy();
        lookups = Map.copyOf(lookups);
    }

    String etag() {
        return "W/\"" + version + "\"";
    }

    /** The stored value of a property, or null. */
    JsonNode value(String property) {
        JsonNode value = values.get(property);
        return value == null || value.isNull() ? null : value;
    }
}
