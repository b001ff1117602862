package io.cosell.shared.referral;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The unnamed JSON fields of a model record, kept in their original order and never null. */
final class OtherFields {

    private OtherFields() {
    }

    static Map<String, JsonNode> copyOf(Map<String, JsonNode> fields) {
        return fields == null || fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
