package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One column (attribute) of a table.
 *
 * @param maxLength    for text columns, or null
 * @param options      for choice columns (empty otherwise)
 * @param navigations  for lookup columns: single-valued navigation property → target entity set (a Customer lookup
 *                     such as {@code customerid} has {@code customerid_account} and {@code customerid_contact})
 * @param access       when a client may write the column
 * @param defaultValue stored on create when the client sends nothing (null = no default)
 */
public record ColumnDefinition(String name, ColumnType type, Integer maxLength, List<ChoiceOption> options,
                               Map<String, String> navigations, Access access, JsonNode defaultValue) {

    /** When a client may write a column. */
    public enum Access { READ_WRITE, CREATE_ONLY, UPDATE_ONLY, READ_ONLY }

    public ColumnDefinition {
        options = List.copyOf(options);
        navigations = Map.copyOf(new LinkedHashMap<>(navigations));
    }

    public static ColumnDefinition of(String name, ColumnType type) {
        return new ColumnDefinition(name, type, null, List.of(), Map.of(), Access.READ_WRITE, null);
    }

    public static ColumnDefinition string(String name, int maxLength) {
        return new ColumnDefinition(name, ColumnType.STRING, maxLength, List.of(), Map.of(), Access.READ_WRITE, null);
    }

    public static ColumnDefinition choice(String name, List<ChoiceOption> options) {
        return new ColumnDefinition(name, ColumnType.CHOICE, null, options, Map.of(), Access.READ_WRITE, null);
    }

    public static ColumnDefinition lookup(String name, Map<String, String> navigations) {
        return new ColumnDefinition(name, ColumnType.LOOKUP, null, List.of(), navigations, Access.READ_WRITE, null);
    }

    public ColumnDefinition withAccess(Access newAccess) {
        return new ColumnDefinition(name, type, maxLength, options, navigations, newAccess, defaultValue);
    }

    public ColumnDefinition withDefault(JsonNode value) {
        return new ColumnDefinition(name, type, maxLength, options, navigations, access, value);
    }

    /** The name the column has in payloads: {@code _<name>_value} for lookups. */
    public String propertyName() {
        return type == ColumnType.LOOKUP ? "_" + name + "_value" : name;
    }

    public boolean writableOnCreate() {
        return access == Access.READ_WRITE || access == Access.CREATE_ONLY;
    }

    public boolean writableOnUpdate() {
        return access == Access.READ_WRITE || access == Access.UPDATE_ONLY;
    }

    public Optional<ChoiceOption> option(int value) {
        return options.stream().filter(o -> o.value() == value).findFirst();
    }

    /**
     * The value as stored, or throws {@link IllegalArgumentException} with a message for the client when the JSON
     * value does not fit the column.
     */
    JsonNode normalize(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type) {
            case STRING, MEMO -> {
                require(value.isTextual(), "a string");
                if (maxLength != null && value.asText().length() > maxLength) {
                    throw new IllegalArgumentException("A validation error occurred. The length of the '" + name
                            + "' attribute exceeded the maximum allowed length of '" + maxLength + "'.");
                }
                yield value;
            }
            case INTEGER, BIGINT -> {
                require(value.isIntegralNumber(), "an integer");
                yield LongNode.valueOf(value.asLong());
            }
            case DECIMAL, MONEY -> {
                require(value.isNumber(), "a number");
                yield DecimalNode.valueOf(value.decimalValue());
            }
            case CHOICE -> {
                require(value.isIntegralNumber(), "an integer option value");
                if (option(value.asInt()).isEmpty()) {
                    throw new IllegalArgumentException("A validation error occurred. The value " + value.asInt()
                            + " of '" + name + "' is outside the valid range.");
                }
                yield LongNode.valueOf(value.asLong());
            }
            case BOOLEAN -> {
                require(value.isBoolean(), "true or false");
                yield BooleanNode.valueOf(value.asBoolean());
            }
            case DATETIME -> TextNode.valueOf(parseInstant(value).toString());
            case DATEONLY -> TextNode.valueOf(parseDate(value).toString());
            case UNIQUEIDENTIFIER, LOOKUP -> TextNode.valueOf(parseGuid(value).toString());
        };
    }

    private void require(boolean fits, String expected) {
        if (!fits) {
            throw new IllegalArgumentException("Cannot convert the literal to the expected type '" + type.edmType()
                    + "' of property '" + name + "': " + expected + " is required.");
        }
    }

    private Instant parseInstant(JsonNode value) {
        require(value.isTextual(), "an ISO-8601 date and time");
        try {
            return OffsetDateTime.parse(value.asText()).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value.asText()).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException("Cannot convert the literal '" + value.asText()
                        + "' to the expected type 'Edm.DateTimeOffset' of property '" + name + "'.");
            }
        }
    }

    private LocalDate parseDate(JsonNode value) {
        require(value.isTextual(), "a date (yyyy-MM-dd)");
        String text = value.asText();
        try {
            return text.length() > 10 ? OffsetDateTime.parse(text).toLocalDate() : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Cannot convert the literal '" + text
                    + "' to the expected type 'Edm.Date' of property '" + name + "'.");
        }
    }

    private UUID parseGuid(JsonNode value) {
        require(value.isTextual(), "a GUID");
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot convert the literal '" + value.asText()
                    + "' to the expected type 'Edm.Guid' of property '" + name + "'.");
        }
    }
}
