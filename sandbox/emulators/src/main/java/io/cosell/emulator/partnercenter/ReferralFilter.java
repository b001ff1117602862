package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The OData {@code $filter} subset the emulator understands: {@code <field> eq|ne '<value>'} on status, substatus,
 * direction, engagementId and type; {@code updatedDateTime|createdDateTime ge|gt|le|lt <timestamp>} (quoted or not);
 * joined with {@code and} (binds tighter) and {@code or}, grouped by parentheses. String comparisons ignore case.
 * Anything else is a 400 {@code invalidRequest}, so a client relying on an unsupported filter notices.
 */
final class ReferralFilter {

    private static final Set<String> STRING_FIELDS = Set.of("status", "substatus", "direction", "engagementId", "type");
    private static final Set<String> TIME_FIELDS = Set.of("updatedDateTime", "createdDateTime");

    private final List<String> tokens;
    private int position;

    private ReferralFilter(List<String> tokens) {
        this.tokens = tokens;
    }

    /** A predicate over referral JSON; an empty or absent filter matches everything. */
    static Predicate<JsonNode> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return referral -> true;
        }
        ReferralFilter parser = new ReferralFilter(tokenize(filter));
        Predicate<JsonNode> predicate = parser.orExpression();
        if (parser.position != parser.tokens.size()) {
            throw unsupported("unexpected '" + parser.tokens.get(parser.position) + "'");
        }
        return predicate;
    }

    private Predicate<JsonNode> orExpression() {
        Predicate<JsonNode> left = andExpression();
        while (nextIs("or")) {
            position++;
            left = left.or(andExpression());
        }
        return left;
    }

    private Predicate<JsonNode> andExpression() {
        Predicate<JsonNode> left = primary();
        while (nextIs("and")) {
            position++;
            left = left.and(primary());
        }
        return left;
    }

    private Predicate<JsonNode> primary() {
        if (nextIs("(")) {
            position++;
            Predicate<JsonNode> inner = orExpression();
            expect(")");
            return inner;
        }
        String field = take();
        String operator = take().toLowerCase();
        String literal = take();
        if (STRING_FIELDS.contains(field)) {
            return stringComparison(field, operator, unquote(literal));
        }
        if (TIME_FIELDS.contains(field)) {
            return timeComparison(field, operator, unquote(literal));
        }
        throw unsupported("filtering on '" + field + "' is not supported; use one of " + STRING_FIELDS + " or "
                + TIME_FIELDS);
    }

    private static Predicate<JsonNode> stringComparison(String field, String operator, String value) {
        Predicate<JsonNode> equal = referral -> referral.path(field).asText().equalsIgnoreCase(value);
        return switch (operator) {
            case "eq" -> equal;
            case "ne" -> equal.negate();
            default -> throw unsupported("operator '" + operator + "' is not supported on " + field);
        };
    }

    private static Predicate<JsonNode> timeComparison(String field, String operator, String value) {
        Instant bound;
        try {
            bound = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw unsupported("'" + value + "' is not an ISO-8601 UTC timestamp");
        }
        Predicate<Integer> test = switch (operator) {
            case "ge" -> c -> c >= 0;
            case "gt" -> c -> c > 0;
            case "le" -> c -> c <= 0;
            case "lt" -> c -> c < 0;
            default -> throw unsupported("operator '" + operator + "' is not supported on " + field);
        };
        return referral -> {
            String text = referral.path(field).asText("");
            return !text.isEmpty() && test.test(Instant.parse(text).compareTo(bound));
        };
    }

    private boolean nextIs(String token) {
        return position < tokens.size() && tokens.get(position).equalsIgnoreCase(token);
    }

    private String take() {
        if (position >= tokens.size()) {
            throw unsupported("the expression ends too early");
        }
        return tokens.get(position++);
    }

    private void expect(String token) {
        if (!nextIs(token)) {
            throw unsupported("'" + token + "' expected");
        }
        position++;
    }

    private static String unquote(String literal) {
        if (literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'")) {
            return literal.substring(1, literal.length() - 1).replace("''", "'");
        }
        return literal;
    }

    /** Splits into parentheses, quoted literals (with '' as an escaped quote) and words. */
    private static List<String> tokenize(String filter) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int end = i + 1;
                while (true) {
                    end = filter.indexOf('\'', end);
                    if (end < 0) {
                        throw unsupported("unterminated string literal");
                    }
                    if (end + 1 < filter.length() && filter.charAt(end + 1) == '\'') {
                        end += 2;
                    } else {
                        break;
                    }
                }
                tokens.add(filter.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < filter.length() && !Character.isWhitespace(filter.charAt(end))
                        && filter.charAt(end) != '(' && filter.charAt(end) != ')') {
                    end++;
                }
                tokens.add(filter.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }

    private static PartnerCenterError unsupported(String reason) {
        return PartnerCenterError.invalidRequest("$filter", "Unsupported $filter: " + reason + ".");
    }
}
