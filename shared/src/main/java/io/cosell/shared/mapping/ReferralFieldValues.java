package io.cosell.shared.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When two texts of a {@link ReferralFields} path mean the same: what the CRM holds can be coarser than Partner Center
 * (a date-only close date, a description cut to its column length), so a referral value round-tripped through the CRM
 * is not taken for a change. Deal values compare by number, close dates by their UTC date, solutions as sets of ids,
 * notes and names also when the CRM holds the Partner Center text cut to its column length.
 */
public final class ReferralFieldValues {

    static final int NAME_MAX = 300;
    static final int NOTES_MAX = 2000;

    private ReferralFieldValues() {
    }

    public static boolean same(String path, String a, String b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        return switch (path) {
            case ReferralFields.DEAL_VALUE -> number(a).compareTo(number(b)) == 0;
            case ReferralFields.CLOSING_DATE -> date(a).equals(date(b));
            case ReferralFields.SOLUTIONS -> ids(a).equals(ids(b));
            case ReferralFields.NOTES -> cut(a, b, NOTES_MAX);
            case ReferralFields.NAME -> cut(a, b, NAME_MAX);
            default -> false;
        };
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return BigDecimal.valueOf(Long.MIN_VALUE);
        }
    }

    private static String date(String text) {
        try {
            return Instant.parse(text).atZone(ZoneOffset.UTC).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private static Set<String> ids(String joined) {
        return Arrays.stream(joined.split(",")).map(String::strip).filter(id -> !id.isEmpty()).collect(Collectors.toSet());
    }

    private static boolean cut(String a, String b, int max) {
        return (a.length() > max && a.substring(0, max).equals(b)) || (b.length() > max && b.substring(0, max).equals(a));
    }
}
