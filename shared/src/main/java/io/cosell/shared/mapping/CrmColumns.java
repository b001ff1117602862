package io.cosell.shared.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CRM columns as the sync snapshot keeps them (column → the value's JSON text, so {@code null} is {@code "null"}) and
 * the columns that differ from such a snapshot: on an update only those are written.
 */
public final class CrmColumns {

    private CrmColumns() {
    }

    public static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The columns as snapshot text. */
    public static Map<String, String> snapshotOf(ObjectNode columns) {
        Map<String, String> snapshot = new LinkedHashMap<>();
        columns.fields().forEachRemaining(field -> snapshot.put(field.getKey(), field.getValue().toString()));
        return snapshot;
    }

    /** The columns whose value is not the one in {@code base} (missing there counts as different). */
    public static ObjectNode changed(ObjectNode columns, Map<String, String> base) {
        ObjectNode changed = empty();
        columns.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (!value.toString().equals(base.get(field.getKey()))) {
                changed.set(field.getKey(), value);
            }
        });
        return changed;
    }
}
