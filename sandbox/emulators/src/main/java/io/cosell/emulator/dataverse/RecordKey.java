package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cosell.emulator.http.HttpError;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The key segment of a record URL: {@code (<guid>)}, {@code (opportunityid=<guid>)} or an alternate key
 * {@code (cosell_referralid='x')} / {@code (a='x',b=2)}. String values are single-quoted with {@code ''} for a quote.
 */
sealed interface RecordKey {

    record Primary(UUID id) implements RecordKey {
    }

    /** Column → stored-form value, for the columns of one alternate key. */
    record Alternate(Map<String, JsonNode> values) implements RecordKey {
    }

    static RecordKey parse(EntityDefinition entity, String text) {
        String trimmed = text.trim();
        if (!trimmed.contains("=")) {
            return new Primary(guid(trimmed));
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String part : QuotedText.splitOutsideQuotes(trimmed, '\'')) {
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw invalid(text);
            }
            String column = part.substring(0, eq).trim();
            String literal = part.substring(eq + 1).trim();
            if (column.equals(entity.primaryKey()) && values.isEmpty()) {
                return new Primary(guid(literal));
            }
            ColumnDefinition definition = entity.property(column).orElseThrow(() -> invalid(text));
            try {
                values.put(column, definition.normalize(literalValue(literal)));
            } catch (IllegalArgumentException e) {
                throw DataverseErrors.badQuery(e.getMessage());
            }
        }
        if (!entity.isAlternateKey(List.copyOf(values.keySet()))) {
            throw DataverseErrors.badQuery("The key '" + text + "' is not an alternate key of entity '"
                    + entity.logicalName() + "'.");
        }
        return new Alternate(values);
    }

    private static JsonNode literalValue(String literal) {
        if (literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'")) {
            return TextNode.valueOf(literal.substring(1, literal.length() - 1).replace("''", "'"));
        }
        try {
            return literal.matches("-?\\d+") ? LongNode.valueOf(Long.parseLong(literal))
                    : DecimalNode.valueOf(new BigDecimal(literal));
        } catch (NumberFormatException e) {
            return TextNode.valueOf(literal);
        }
    }


    private static UUID guid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(text);
        }
    }

    private static HttpError invalid(String text) {
        return DataverseErrors.badQuery("Bad Request - Error in query syntax: invalid key '" + text + "'.");
    }
}
