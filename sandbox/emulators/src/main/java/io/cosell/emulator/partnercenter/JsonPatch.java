package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Json;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * JSON Patch (RFC 6902) as Partner Center supports it: only {@code add} and {@code replace}, any nesting depth,
 * {@code -} appends to an array. Server-managed fields are read-only. One leniency (not documented either way):
 * {@code replace} of an absent member of an existing object sets it, because referral fields that were never set
 * are simply missing from the JSON.
 */
final class JsonPatch {

    static final Set<String> READ_ONLY = Set.of("id", "eTag", "engagementId", "createdDateTime", "updatedDateTime",
            "links", "direction", "organizationId");

    private static final String DEAL_VALUE = "/details/dealValue";

    record Operation(String op, String path, List<String> segments, JsonNode value) {
    }

    private JsonPatch() {
    }

    /** Validates a patch document; 400 {@code invalidRequest} naming the bad operation. */
    static List<Operation> parse(JsonNode body) {
        if (!body.isArray() || body.isEmpty()) {
            throw PartnerCenterError.invalidRequest("body", "The body must be a non-empty JSON Patch array "
                    + "(RFC 6902), e.g. [{\"op\":\"replace\",\"path\":\"/details/dealValue\",\"value\":1000}].");
        }
        List<Operation> operations = new ArrayList<>();
        for (JsonNode node : body) {
            String op = node.path("op").asText("");
            String path = node.path("path").asText("");
            if (!op.equals("add") && !op.equals("replace")) {
                throw PartnerCenterError.invalidRequest("op", "Operation '" + op + "' is not supported; only "
                        + "'replace' and 'add' are.");
            }
            if (!path.startsWith("/") || path.length() < 2) {
                throw PartnerCenterError.invalidRequest("path", "Path '" + path + "' must point into the referral, "
                        + "e.g. /details/dealValue.");
            }
            if (!node.has("value")) {
                throw PartnerCenterError.invalidRequest("value", "Operation '" + op + " " + path + "' has no value.");
            }
            List<String> segments = Arrays.stream(path.substring(1).split("/", -1))
                    .map(s -> s.replace("~1", "/").replace("~0", "~"))
                    .toList();
            if (READ_ONLY.contains(segments.getFirst())) {
                throw PartnerCenterError.invalidRequest(path, "'" + segments.getFirst() + "' is read-only.");
            }
            operations.add(new Operation(op, path, segments, typed(path, node.get("value"))));
        }
        return operations;
    }

    /**
     * Partner Center reads {@code dealValue} as a decimal, and its documented patches send it as a JSON string
     * ({@code "10000"}): the value is stored as the number it names, as a numeric value would be.
     */
    private static JsonNode typed(String path, JsonNode value) {
        if (!path.equals(DEAL_VALUE) || !value.isTextual()) {
            return value;
        }
        String text = value.asText().trim();
        try {
            new BigDecimal(text);
            return Json.MAPPER.readTree(text);
        } catch (NumberFormatException | IOException e) {
            throw PartnerCenterError.invalidRequest(path, "dealValue must be a number, was '" + value.asText() + "'.");
        }
    }

    /** Applies the operations in order to {@code document}; 400 when a path does not resolve. */
    static void apply(ObjectNode document, List<Operation> operations) {
        for (Operation operation : operations) {
            JsonNode parent = document;
            List<String> segments = operation.segments();
            for (String segment : segments.subList(0, segments.size() - 1)) {
                parent = child(parent, segment, operation);
            }
            String last = segments.getLast();
            if (parent instanceof ObjectNode object) {
                object.set(last, operation.value().deepCopy());
            } else if (parent instanceof ArrayNode array) {
                applyToArray(array, last, operation);
            } else {
                throw notFound(operation);
            }
        }
    }

    private static void applyToArray(ArrayNode array, String last, Operation operation) {
        boolean add = operation.op().equals("add");
        if (last.equals("-") && add) {
            array.add(operation.value().deepCopy());
            return;
        }
        int index = index(last, operation);
        if (add && index <= array.size()) {
            array.insert(index, operation.value().deepCopy());
        } else if (!add && index < array.size()) {
            array.set(index, operation.value().deepCopy());
        } else {
            throw notFound(operation);
        }
    }

    private static JsonNode child(JsonNode parent, String segment, Operation operation) {
        JsonNode child = parent.isArray() ? parent.path(index(segment, operation)) : parent.path(segment);
        if (!child.isContainerNode()) {
            throw notFound(operation);
        }
        return child;
    }

    private static int index(String segment, Operation operation) {
        try {
            return Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            throw notFound(operation);
        }
    }

    private static PartnerCenterError notFound(Operation operation) {
        return PartnerCenterError.invalidRequest(operation.path(), "Path '" + operation.path()
                + "' does not exist in the referral (" + operation.op() + ").");
    }
}
