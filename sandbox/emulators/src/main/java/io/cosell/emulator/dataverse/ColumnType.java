package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * The Dataverse attribute types the emulator knows, with their OData (EDM) type and how two stored values of the
 * type compare. Stored values are JSON: strings, numbers, booleans, datetimes as UTC {@code yyyy-MM-ddTHH:mm:ssZ},
 * date-only values as {@code yyyy-MM-dd}, GUIDs as lower-case strings.
 */
public enum ColumnType {
    STRING("Edm.String"),
    MEMO("Edm.String"),
    INTEGER("Edm.Int32"),
    BIGINT("Edm.Int64"),
    DECIMAL("Edm.Decimal"),
    MONEY("Edm.Decimal"),
    BOOLEAN("Edm.Boolean"),
    DATETIME("Edm.DateTimeOffset"),
    DATEONLY("Edm.Date"),
    CHOICE("Edm.Int32"),
    UNIQUEIDENTIFIER("Edm.Guid"),
    /** A lookup column; read as {@code _<name>_value}, written through its navigation properties. */
    LOOKUP("Edm.Guid");

    private final String edmType;

    ColumnType(String edmType) {
        this.edmType = edmType;
    }

    public String edmType() {
        return edmType;
    }

    boolean isText() {
        return this == STRING || this == MEMO;
    }

    boolean isNumeric() {
        return this == INTEGER || this == BIGINT || this == DECIMAL || this == MONEY || this == CHOICE;
    }

    boolean isGuid() {
        return this == UNIQUEIDENTIFIER || this == LOOKUP;
    }

    /** Orders two non-null stored values of this type; text compares case-insensitively, as Dataverse does. */
    int compare(JsonNode a, JsonNode b) {
        if (isNumeric()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
        }
        return switch (this) {
            case BOOLEAN -> Boolean.compare(a.asBoolean(), b.asBoolean());
            case DATETIME -> Instant.parse(a.asText()).compareTo(Instant.parse(b.asText()));
            case DATEONLY -> LocalDate.parse(a.asText()).compareTo(LocalDate.parse(b.asText()));
            default -> fold(a.asText()).compareTo(fold(b.asText()));
        };
    }

    /**
     * What every value that {@link #compare} finds equal to this one shares (an index key): the number without
     * trailing zeros, the instant, the date, the folded text. Empty when the value is not of this type.
     */
    Optional<Object> equalityKey(JsonNode value) {
        try {
            if (isNumeric()) {
                return Optional.of(new BigDecimal(value.asText()).stripTrailingZeros());
            }
            return Optional.of(switch (this) {
                case BOOLEAN -> value.asBoolean();
                case DATETIME -> Instant.parse(value.asText());
                case DATEONLY -> LocalDate.parse(value.asText());
                default -> fold(value.asText());
            });
        } catch (RuntimeException notOfThisType) {
            return Optional.empty();
        }
    }

    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
