package io.cosell.shared.crm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@code $filter} expression built from typed parts, so values can never change its structure: column names must
 * be identifiers, strings are single-quoted with {@code '} doubled, and other values are written as OData literals
 * (numbers, {@code true/false}, {@code null}, unquoted GUIDs, {@code yyyy-MM-dd} dates, ISO-8601 UTC instants).
 * {@link #expression()} is the unencoded text; {@link ODataQuery} percent-encodes it.
 *
 * <p>Supported values: {@link String}, {@link Number} (not NaN or infinite), {@link Boolean}, {@link UUID},
 * {@link Instant}, {@link LocalDate} and null.
 */
public final class ODataFilter {

    private final String expression;
    private final boolean composite;

    private ODataFilter(String expression, boolean composite) {
        this.expression = expression;
        this.composite = composite;
    }

    public static ODataFilter eq(String column, Object value) {
        return comparison(column, "eq", value);
    }

    public static ODataFilter ne(String column, Object value) {
        return comparison(column, "ne", value);
    }

    public static ODataFilter gt(String column, Object value) {
        return comparison(column, "gt", value);
    }

    public static ODataFilter ge(String column, Object value) {
        return comparison(column, "ge", value);
    }

    public static ODataFilter lt(String column, Object value) {
        return comparison(column, "lt", value);
    }

    public static ODataFilter le(String column, Object value) {
        return comparison(column, "le", value);
    }

    public static ODataFilter contains(String column, String text) {
        return function("contains", column, text);
    }

    public static ODataFilter startsWith(String column, String text) {
        return function("startswith", column, text);
    }

    public static ODataFilter endsWith(String column, String text) {
        return function("endswith", column, text);
    }

    public static ODataFilter and(ODataFilter first, ODataFilter... more) {
        return join("and", first, more);
    }

    public static ODataFilter or(ODataFilter first, ODataFilter... more) {
        return join("or", first, more);
    }

    public static ODataFilter not(ODataFilter filter) {
        return new ODataFilter("not (" + filter.expression + ")", false);
    }

    public ODataFilter and(ODataFilter other) {
        return and(this, other);
    }

    public ODataFilter or(ODataFilter other) {
        return or(this, other);
    }

    /** The OData text, not yet URL-encoded. */
    public String expression() {
        return expression;
    }

    /** A value as an OData literal. */
    public static String literal(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "'" + s.replace("'", "''") + "'";
            case Boolean b -> b.toString();
            case UUID u -> u.toString();
            case Instant i -> i.toString();
            case LocalDate d -> d.toString();
            case Integer n -> n.toString();
            case Long n -> n.toString();
            case Short n -> n.toString();
            case Byte n -> n.toString();
            case BigInteger n -> n.toString();
            case BigDecimal n -> n.toPlainString();
            case Double n -> decimal(n);
            case Float n -> decimal(n.doubleValue());
            default -> throw new IllegalArgumentException("no OData literal for a " + value.getClass().getName());
        };
    }

    private static String decimal(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("no OData literal for " + value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    private static ODataFilter comparison(String column, String operator, Object value) {
        return new ODataFilter(EntitySet.requireIdentifier(column) + " " + operator + " " + literal(value), false);
    }

    private static ODataFilter function(String name, String column, String text) {
        Objects.requireNonNull(text, name + " needs a text");
        return new ODataFilter(name + "(" + EntitySet.requireIdentifier(column) + "," + literal(text) + ")", false);
    }

    private static ODataFilter join(String operator, ODataFilter first, ODataFilter... more) {
        if (more.length == 0) {
            return first;
        }
        String text = Stream.concat(Stream.of(first), Arrays.stream(more))
                .map(f -> f.composite ? "(" + f.expression + ")" : f.expression)
                .collect(Collectors.joining(" " + operator + " "));
        return new ODataFilter(text, true);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ODataFilter f && f.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
