package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What one write sets, already validated against the table: column values by property name (NullNode clears) and
 * lookups by lookup column name (a null reference clears).
 */
record Changes(Map<String, JsonNode> values, Map<String, Reference> lookups) {

    /** A lookup pointing at one record. */
    record Reference(UUID id, Row.LookupTarget target) {
    }

    static Changes empty() {
        return new Changes(new LinkedHashMap<>(), new HashMap<>());
    }

    void set(String property, JsonNode value) {
        values.put(property, value == null ? NullNode.getInstance() : value);
    }

    /** The value set for a property, or null when it is not set or set to null. */
    JsonNode get(String property) {
        JsonNode value = values.get(property);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String property) {
        return values.containsKey(property);
    }

    Changes without(Collection<String> properties) {
        Map<String, JsonNode> remaining = new LinkedHashMap<>(values);
        properties.forEach(remaining::remove);
        return new Changes(remaining, lookups);
    }
}
