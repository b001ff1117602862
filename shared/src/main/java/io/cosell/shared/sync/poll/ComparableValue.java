package io.cosell.shared.sync.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One canonical text per CRM value, so the same value compares equal however it was written: a row's JSON value or a
 * snapshot's text (which may itself be JSON text, e.g. {@code "\"Contoso\""} or {@code 5000.0}). Null, missing and
 * empty text are the same (no value); numbers compare by value ({@code 5000}, {@code 5000.00}); a date-time at
 * midnight UTC equals its date; GUIDs and lookup binds ({@code /accounts(<guid>)}) compare by the lower-case GUID;
 * the primary name compares without its sync marks (✔, ✘, ✖). Snapshot text is read with the connector's mapper,
 * stricter for this purpose only: trailing tokens make it plain text, decimals keep every digit.
 */
public final class ComparableValue {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern BIND = Pattern.compile("/?[A-Za-z_][A-Za-z0-9_]*\\((" + GUID.pattern() + ")\\)");
    private static final String[] SYNC_MARKS = {"✔", "✘", "✖"};

    private final ObjectReader snapshotReader;

    public ComparableValue(ObjectMapper json) {
        this.snapshotReader = json.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** A row's value; {@code name} says whether the column is the primary name. */
    public static String of(JsonNode value, boolean name) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return number(value.decimalValue());
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isTextual()) {
            return text(value.textValue(), name);
        }
        return value.toString();
    }

    /** A snapshot's value: JSON text when it parses as a JSON value, else plain text. */
    public String ofSnapshot(String value, boolean name) {
        if (value == null) {
            return null;
        }
        return of(parse(value), name);
    }

    private JsonNode parse(String value) {
        try {
            JsonNode node = snapshotReader.readTree(value);
            return node != null && node.isValueNode() ? node : TextNode.valueOf(value);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(value);
        }
    }

    private static String text(String raw, boolean name) {
        String text = name ? withoutSyncMarks(raw) : raw;
        if (text.isEmpty()) {
            return null;
        }
        if (NUMBER.matcher(text).matches()) {
            return number(new BigDecimal(text));
        }
        Matcher bind = BIND.matcher(text);
        if (bind.matches()) {
            return bind.group(1).toLowerCase(Locale.ROOT);
        }
        if (GUID.matcher(text).matches()) {
            return text.toLowerCase(Locale.ROOT);
        }
        return dateTime(text);
    }

    private static String dateTime(String text) {
        if (text.length() < 11 || text.charAt(10) != 'T') {
            return text;
        }
        try {
            OffsetDateTime utc = OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
            return utc.toLocalTime().equals(LocalTime.MIDNIGHT) ? utc.toLocalDate().toString()
                    : utc.toInstant().toString();
        } catch (DateTimeParseException notADateTime) {
            return text;
        }
    }

    private static String number(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static String withoutSyncMarks(String name) {
        String rest = name.strip();
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String mark : SYNC_MARKS) {
                if (rest.startsWith(mark)) {
                    rest = rest.substring(mark.length()).strip();
                    stripped = true;
                }
            }
        }
        return rest;
    }
}
