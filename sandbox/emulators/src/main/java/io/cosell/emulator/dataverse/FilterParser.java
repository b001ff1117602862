package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cosell.emulator.http.HttpError;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Parses an OData {@code $filter} into a predicate over rows: {@code eq ne gt ge lt le}, {@code and or not},
 * parentheses, {@code contains/startswith/endswith(property,'text')}. Literals: strings in single quotes with
 * {@code ''} for a quote, numbers, {@code true/false}, {@code null}, unquoted GUIDs, dates and ISO date-times.
 * String comparison is case-insensitive, as in Dataverse. Like the SQL behind Dataverse, a comparison with a
 * null column value is unknown (only {@code eq null} / {@code ne null} test for null), {@code not} of unknown stays
 * unknown, and rows whose filter is unknown are not returned. Properties are columns or lookup properties
 * ({@code _x_value}). Not emulated (answered 400): navigation paths ({@code a/b}), lambda operators, parameter
 * aliases and the {@code Microsoft.Dynamics.CRM.*} query functions.
 */
final class FilterParser {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.+");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> FUNCTIONS = Set.of("contains", "startswith", "endswith");

    /** A filter condition in SQL's three-valued logic: TRUE, FALSE or null (unknown). */
    @FunctionalInterface
    private interface Condition {
        Boolean test(Row row);
    }

    private enum Kind { OPEN, CLOSE, COMMA, STRING, WORD }

    private record Token(Kind kind, String text, int position) {
    }

    /** One side of a comparison: a property of the row or a literal. */
    private sealed interface Operand {
    }

    private record Property(ColumnDefinition column) implements Operand {
        JsonNode valueOf(Row row) {
            return row.value(column.propertyName());
        }
    }

    private enum LiteralKind { STRING, NUMBER, BOOLEAN, NULL, GUID, DATE, DATETIME }

    private record Literal(LiteralKind kind, String text) implements Operand {
    }

    private final EntityDefinition entity;
    private final String source;
    private final List<Token> tokens;
    private int next;

    private FilterParser(EntityDefinition entity, String source) {
        this.entity = entity;
        this.source = source;
        this.tokens = tokenize(source);
    }

    static Predicate<Row> parse(EntityDefinition entity, String filter) {
        FilterParser parser = new FilterParser(entity, filter);
        if (parser.tokens.isEmpty()) {
            throw DataverseErrors.badQuery("The $filter expression is empty.");
        }
        Condition condition = parser.or();
        if (parser.next < parser.tokens.size()) {
            throw parser.syntaxError(parser.tokens.get(parser.next).position());
        }
        return row -> Boolean.TRUE.equals(condition.test(row));
    }

    private Condition or() {
        Condition left = and();
        while (peekWord("or")) {
            next++;
            Condition a = left;
            Condition b = and();
            left = row -> {
                Boolean x = a.test(row);
                Boolean y = b.test(row);
                return Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y) ? Boolean.TRUE
                        : x == null || y == null ? null : Boolean.FALSE;
            };
        }
        return left;
    }

    private Condition and() {
        Condition left = unary();
        while (peekWord("and")) {
            next++;
            Condition a = left;
            Condition b = unary();
            left = row -> {
                Boolean x = a.test(row);
                Boolean y = b.test(row);
                return Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y) ? Boolean.FALSE
                        : x == null || y == null ? null : Boolean.TRUE;
            };
        }
        return left;
    }

    private Condition unary() {
        if (peekWord("not")) {
            next++;
            Condition inner = unary();
            return row -> {
                Boolean x = inner.test(row);
                return x == null ? null : !x;
            };
        }
        return primary();
    }

    private Condition primary() {
        Token token = take();
        if (token.kind() == Kind.OPEN) {
            Condition inner = or();
            expect(Kind.CLOSE);
            return inner;
        }
        if (token.kind() == Kind.WORD && peek(Kind.OPEN)) {
            return function(token);
        }
        Operand left = operand(token);
        Token operator = take();
        if (operator.kind() != Kind.WORD || !COMPARISONS.contains(operator.text())) {
            throw syntaxError(operator.position());
        }
        Operand right = operand(take());
        return comparison(left, operator.text(), right);
    }

    private Condition function(Token name) {
        if (!FUNCTIONS.contains(name.text())) {
            throw DataverseErrors.badQuery("The function '" + name.text() + "' is not supported by the emulator.");
        }
        expect(Kind.OPEN);
        Operand target = operand(take());
        expect(Kind.COMMA);
        Operand argument = operand(take());
        expect(Kind.CLOSE);
        if (!(target instanceof Property property) || !property.column().type().isText()
                || !(argument instanceof Literal literal) || literal.kind() != LiteralKind.STRING) {
            throw DataverseErrors.badQuery("The function '" + name.text()
                    + "' needs a text property and a string literal, as in " + name.text() + "(name,'text').");
        }
        String needle = ColumnType.fold(literal.text());
        return row -> {
            JsonNode value = property.valueOf(row);
            if (value == null) {
                return null;
            }
            String text = ColumnType.fold(value.asText());
            return switch (name.text()) {
                case "contains" -> text.contains(needle);
                case "startswith" -> text.startsWith(needle);
                default -> text.endsWith(needle);
            };
        };
    }

    private Condition comparison(Operand left, String operator, Operand right) {
        if (left instanceof Literal && right instanceof Property) {
            return comparison(right, mirror(operator), left);
        }
        if (!(left instanceof Property property)) {
            throw DataverseErrors.badQuery("A comparison in $filter needs a property on one side: '" + source + "'.");
        }
        ColumnType type = property.column().type();
        if (right instanceof Property other) {
            if (other.column().type() != type) {
                throw incompatible(type.edmType(), other.column().type().edmType(), operator);
            }
            return row -> compare(type, property.valueOf(row), operator, other.valueOf(row), false);
        }
        Literal literal = (Literal) right;
        JsonNode value = literal.kind() == LiteralKind.NULL ? null : convert(literal, property.column());
        if (value == null && !operator.equals("eq") && !operator.equals("ne")) {
            throw DataverseErrors.badQuery("Only 'eq' and 'ne' can compare with null.");
        }
        boolean literalNull = value == null;
        return row -> compare(type, property.valueOf(row), operator, value, literalNull);
    }

    private static Boolean compare(ColumnType type, JsonNode left, String operator, JsonNode right,
                                   boolean literalNull) {
        if (literalNull) {
            return operator.equals("eq") == (left == null);
        }
        if (left == null || right == null) {
            return null;
        }
        int order = type.compare(left, right);
        return switch (operator) {
            case "eq" -> order == 0;
            case "ne" -> order != 0;
            case "gt" -> order > 0;
            case "ge" -> order >= 0;
            case "lt" -> order < 0;
            default -> order <= 0;
        };
    }

    /** A literal in the stored form of the column's type, or 400 when the types are incompatible. */
    private JsonNode convert(Literal literal, ColumnDefinition column) {
        ColumnType type = column.type();
        try {
            switch (literal.kind()) {
                case STRING -> {
                    if (type.isText()) {
                        return TextNode.valueOf(literal.text());
                    }
                }
                case NUMBER -> {
                    if (type.isNumeric()) {
                        return DecimalNode.valueOf(new BigDecimal(literal.text()));
                    }
                }
                case BOOLEAN -> {
                    if (type == ColumnType.BOOLEAN) {
                        return BooleanNode.valueOf(Boolean.parseBoolean(literal.text()));
                    }
                }
                case GUID -> {
                    if (type.isGuid()) {
                        return TextNode.valueOf(UUID.fromString(literal.text()).toString());
                    }
                }
                case DATE, DATETIME -> {
                    if (type == ColumnType.DATETIME) {
                        return TextNode.valueOf(instant(literal).toString());
                    }
                    if (type == ColumnType.DATEONLY) {
                        return TextNode.valueOf(LocalDate.ofInstant(instant(literal), ZoneOffset.UTC).toString());
                    }
                }
                default -> {
                }
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw DataverseErrors.badQuery("The literal '" + literal.text() + "' in $filter is not valid: " + e.getMessage());
        }
        throw incompatible(type.edmType(), edmType(literal.kind()), "");
    }

    private static Instant instant(Literal literal) {
        return literal.kind() == LiteralKind.DATE
                ? LocalDate.parse(literal.text()).atStartOfDay().toInstant(ZoneOffset.UTC)
                : OffsetDateTime.parse(literal.text()).toInstant();
    }

    private static String edmType(LiteralKind kind) {
        return switch (kind) {
            case STRING -> "Edm.String";
            case NUMBER -> "Edm.Decimal";
            case BOOLEAN -> "Edm.Boolean";
            case GUID -> "Edm.Guid";
            case DATE -> "Edm.Date";
            case DATETIME -> "Edm.DateTimeOffset";
            case NULL -> "null";
        };
    }

    private static HttpError incompatible(String left, String right, String operator) {
        return DataverseErrors.badQuery("A binary operator with incompatible types was detected. Found operand types '"
                + left + "' and '" + right + "'" + (operator.isEmpty() ? "" : " for operator '" + operator + "'") + ".");
    }

    private static String mirror(String operator) {
        return switch (operator) {
            case "gt" -> "lt";
            case "ge" -> "le";
            case "lt" -> "gt";
            case "le" -> "ge";
            default -> operator;
        };
    }

    private Operand operand(Token token) {
        if (token.kind() == Kind.STRING) {
            return new Literal(LiteralKind.STRING, token.text());
        }
        if (token.kind() != Kind.WORD) {
            throw syntaxError(token.position());
        }
        String text = token.text();
        switch (text) {
            case "null" -> {
                return new Literal(LiteralKind.NULL, text);
            }
            case "true", "false" -> {
                return new Literal(LiteralKind.BOOLEAN, text);
            }
            default -> {
            }
        }
        if (GUID.matcher(text).matches()) {
            return new Literal(LiteralKind.GUID, text);
        }
        if (DATE.matcher(text).matches()) {
            return new Literal(LiteralKind.DATE, text);
        }
        if (DATETIME.matcher(text).matches()) {
            return new Literal(LiteralKind.DATETIME, text);
        }
        if (NUMBER.matcher(text).matches()) {
            return new Literal(LiteralKind.NUMBER, text);
        }
        if (text.contains("/")) {
            throw DataverseErrors.badQuery("Filtering on related tables ('" + text + "') is not supported by the emulator.");
        }
        if (text.startsWith("@")) {
            throw DataverseErrors.badQuery("Parameter aliases ('" + text + "') are not supported by the emulator.");
        }
        if (!IDENTIFIER.matcher(text).matches()) {
            throw syntaxError(token.position());
        }
        return new Property(entity.property(text).orElseThrow(() -> DataverseErrors.unknownProperty(entity, text)));
    }

    private boolean peekWord(String word) {
        return next < tokens.size() && tokens.get(next).kind() == Kind.WORD && tokens.get(next).text().equals(word);
    }

    private boolean peek(Kind kind) {
        return next < tokens.size() && tokens.get(next).kind() == kind;
    }

    private Token take() {
        if (next >= tokens.size()) {
            throw syntaxError(source.length());
        }
        return tokens.get(next++);
    }

    private void expect(Kind kind) {
        Token token = take();
        if (token.kind() != kind) {
            throw syntaxError(token.position());
        }
    }

    private HttpError syntaxError(int position) {
        return DataverseErrors.badQuery("Syntax error at position " + position + " in '" + source + "'.");
    }

    private List<Token> tokenize(String text) {
        List<Token> result = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                result.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), i));
                i++;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= text.length()) {
                        throw DataverseErrors.badQuery("Unterminated string literal at position " + start + " in '"
                                + text + "'.");
                    }
                    if (text.charAt(i) == '\'') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(text.charAt(i++));
                }
                result.add(new Token(Kind.STRING, value.toString(), start));
            } else {
                int start = i;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    throw syntaxError(i);
                }
                result.add(new Token(Kind.WORD, text.substring(start, i), start));
            }
        }
        return result;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || "_.-:+/@$".indexOf(c) >= 0;
    }
}
