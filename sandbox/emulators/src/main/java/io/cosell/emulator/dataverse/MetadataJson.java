package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The JSON shapes of the metadata API: labels, attribute types, key entries, and the few query options it reads. */
final class MetadataJson {

    private MetadataJson() {
    }

    static ColumnDefinition column(String name, JsonNode body) {
        String type = body.path("@odata.type").asText("").replace("#", "").replace("Microsoft.Dynamics.CRM.", "");
        return switch (type) {
            case "StringAttributeMetadata" -> ColumnDefinition.string(name, body.path("MaxLength").asInt(100));
            case "MemoAttributeMetadata" -> new ColumnDefinition(name, ColumnType.MEMO, body.path("MaxLength").asInt(2000),
                    List.of(), Map.of(), ColumnDefinition.Access.READ_WRITE, null);
            case "BooleanAttributeMetadata" -> ColumnDefinition.of(name, ColumnType.BOOLEAN)
                    .withDefault(com.fasterxml.jackson.databind.node.BooleanNode.valueOf(
                            body.path("DefaultValue").asBoolean(false)));
            case "PicklistAttributeMetadata" -> {
                List<ChoiceOption> options = new ArrayList<>();
                body.path("OptionSet").path("Options").forEach(o ->
                        options.add(ChoiceOption.of(o.path("Value").asInt(), text(o.path("Label")))));
                yield ColumnDefinition.choice(name, options);
            }
            case "IntegerAttributeMetadata" -> ColumnDefinition.of(name, ColumnType.INTEGER);
            case "DecimalAttributeMetadata" -> ColumnDefinition.of(name, ColumnType.DECIMAL);
            case "MoneyAttributeMetadata" -> ColumnDefinition.of(name, ColumnType.MONEY);
            case "DateTimeAttributeMetadata" -> ColumnDefinition.of(name,
                    "DateOnly".equals(body.path("Format").asText()) ? ColumnType.DATEONLY : ColumnType.DATETIME);
            default -> throw DataverseErrors.validation("Unsupported attribute metadata type '" + type + "'.");
        };
    }

    static ObjectNode keyJson(UUID id, String schemaName, List<String> columns, String status) {
        ObjectNode json = Json.object();
        json.put("MetadataId", id.toString());
        json.put("SchemaName", schemaName);
        json.put("LogicalName", schemaName.toLowerCase(Locale.ROOT));
        ArrayNode attributes = json.putArray("KeyAttributes");
        columns.forEach(attributes::add);
        json.put("EntityKeyIndexStatus", status);
        return json;
    }

    /** {@code Name='value'} → value. */
    static String quoted(String key, String name) {
        String prefix = name + "='";
        if (!key.startsWith(prefix) || !key.endsWith("'")) {
            throw DataverseErrors.badQuery("Expected " + name + "='…', got " + key);
        }
        return key.substring(prefix.length(), key.length() - 1);
    }

    /** {@code A eq 'x' and B eq true} → {A: x, B: true}; the only filters provisioning uses on metadata. */
    static Map<String, String> filter(String filter) {
        Map<String, String> terms = new java.util.LinkedHashMap<>();
        if (filter.isBlank()) {
            return terms;
        }
        for (String term : filter.split("\\s+and\\s+")) {
            String[] parts = term.trim().split("\\s+eq\\s+", 2);
            if (parts.length != 2) {
                throw DataverseErrors.badQuery("Only 'Property eq value' terms joined by 'and' are supported: " + filter);
            }
            String value = parts[1].trim();
            terms.put(parts[0].trim(), value.startsWith("'") ? value.substring(1, value.length() - 1) : value);
        }
        return terms;
    }

    static ObjectNode selected(ObjectNode json, Request request) {
        Optional<String> select = request.queryParam("$select");
        if (select.isEmpty()) {
            return json;
        }
        List<String> names = List.of(select.get().split(","));
        ObjectNode kept = Json.object();
        json.fields().forEachRemaining(f -> {
            if (f.getKey().startsWith("@") || f.getKey().equals("MetadataId") || names.contains(f.getKey())) {
                kept.set(f.getKey(), f.getValue());
            }
        });
        return kept;
    }

    static ObjectNode label(String text) {
        ObjectNode label = Json.object();
        label.put("@odata.type", "Microsoft.Dynamics.CRM.Label");
        ObjectNode localized = label.putArray("LocalizedLabels").addObject();
        localized.put("@odata.type", "Microsoft.Dynamics.CRM.LocalizedLabel");
        localized.put("Label", text);
        localized.put("LanguageCode", 1033);
        label.set("UserLocalizedLabel", localized.deepCopy());
        return label;
    }

    static String text(JsonNode label) {
        JsonNode first = label.path("LocalizedLabels").path(0).path("Label");
        return first.isMissingNode() ? label.path("UserLocalizedLabel").path("Label").asText("") : first.asText();
    }

    static String attributeType(EntityDefinition table, ColumnDefinition column) {
        return switch (column.type()) {
            case STRING -> "String";
            case MEMO -> "Memo";
            case INTEGER -> "Integer";
            case BIGINT -> "BigInt";
            case DECIMAL -> "Decimal";
            case MONEY -> "Money";
            case BOOLEAN -> "Boolean";
            case DATETIME, DATEONLY -> "DateTime";
            case CHOICE -> column.name().equals("statecode") ? "State"
                    : column.name().equals("statuscode") ? "Status" : "Picklist";
            case UNIQUEIDENTIFIER -> "Uniqueidentifier";
            case LOOKUP -> column.navigations().size() > 1 ? "Customer" : "Lookup";
        };
    }

    static String metadataType(String attributeType) {
        return switch (attributeType) {
            case "Customer" -> "LookupAttributeMetadata";
            case "State" -> "StateAttributeMetadata";
            case "Status" -> "StatusAttributeMetadata";
            default -> attributeType + "AttributeMetadata";
        };
    }
}
