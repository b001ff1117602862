package io.cosell.shared.mapping;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The audit trail on a CRM record, in words a seller reads: one line per sync, newest last, e.g.
 * {@code 2025-03-05 14:02 UTC · Partner Center → CRM · updated deal value 85,000 EUR, close date 2025-09-30}.
 */
public final class AuditText {

    /** The audit column keeps at most this many characters; the oldest lines go first. */
    public static final int MAX_LENGTH = 100_000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String INBOUND = " · Partner Center → CRM · ";
    private static final String OUTBOUND = " · CRM → Partner Center · ";

    private AuditText() {
    }

    /** One audit line of an inbound sync. */
    public static String line(Instant at, String what) {
        return TIME.format(at) + INBOUND + what;
    }

    /** One audit line of an outbound (CRM → Partner Center) sync. */
    public static String outboundLine(Instant at, String what) {
        return TIME.format(at) + OUTBOUND + what;
    }

    /**
     * True when the trail's newest line is an outbound line reporting exactly {@code what} (at any time): a failure
     * that repeats unchanged is not written again, so retries and re-polls of an unchanged record stay quiet.
     */
    public static boolean lastOutboundLineSays(String trail, String what) {
        if (trail == null || trail.isBlank()) {
            return false;
        }
        String stripped = trail.stripTrailing();
        String last = stripped.substring(stripped.lastIndexOf('\n') + 1);
        return last.endsWith(OUTBOUND + what);
    }

    /** The existing trail with the line added at the end, oldest lines dropped beyond {@link #MAX_LENGTH}. */
    public static String append(String existing, String line) {
        String trail = existing == null || existing.isBlank() ? line : existing.stripTrailing() + "\n" + line;
        while (trail.length() > MAX_LENGTH) {
            int nextLine = trail.indexOf('\n');
            trail = nextLine < 0 ? trail.substring(trail.length() - MAX_LENGTH) : trail.substring(nextLine + 1);
        }
        return trail;
    }

    /**
     * What changed between two sets of {@link ReferralFields}, as a comma-separated list such as
     * {@code deal value 85,000 EUR, close date 2025-09-30}; empty when nothing the seller cares about changed.
     */
    public static String changes(Map<String, String> before, Map<String, String> after) {
        List<String> parts = new ArrayList<>();
        if (changed(before, after, ReferralFields.NAME)) {
            parts.add("name \"" + orNone(after.get(ReferralFields.NAME)) + "\"");
        }
        if (changed(before, after, ReferralFields.DEAL_VALUE) || changed(before, after, ReferralFields.CURRENCY)) {
            parts.add("deal value " + dealValue(after));
        }
        if (changed(before, after, ReferralFields.CLOSING_DATE)) {
            parts.add("close date " + closeDate(after.get(ReferralFields.CLOSING_DATE)));
        }
        if (changed(before, after, ReferralFields.NOTES)) {
            parts.add("notes");
        }
        if (changed(before, after, ReferralFields.STATUS) || changed(before, after, ReferralFields.SUBSTATUS)) {
            parts.add("status " + orNone(after.get(ReferralFields.STATUS)) + "/" + orNone(after.get(ReferralFields.SUBSTATUS)));
        }
        if (changed(before, after, ReferralFields.MICROSOFT_CRM_ID)) {
            parts.add("Microsoft CRM id " + orNone(after.get(ReferralFields.MICROSOFT_CRM_ID)));
        }
        if (changed(before, after, ReferralFields.VISIBLE_TO_MICROSOFT)) {
            parts.add("true".equals(after.get(ReferralFields.VISIBLE_TO_MICROSOFT))
                    ? "visible to Microsoft sellers" : "not visible to Microsoft sellers");
        }
        if (changed(before, after, ReferralFields.MICROSOFT_HELP)) {
            parts.add("Microsoft help " + orNone(after.get(ReferralFields.MICROSOFT_HELP)));
        }
        if (changed(before, after, ReferralFields.CUSTOMER)) {
            parts.add("customer details");
        }
        if (changed(before, after, ReferralFields.TEAM)) {
            parts.add("deal team " + orNone(after.get(ReferralFields.TEAM)));
        }
        if (changed(before, after, ReferralFields.SOLUTIONS)) {
            parts.add("solutions " + orNone(after.get(ReferralFields.SOLUTIONS)));
        }
        return String.join(", ", parts);
    }

    /** {@code 85,000 EUR}: grouped, at most two decimals, currency code after. */
    static String dealValue(Map<String, String> fields) {
        String value = fields.get(ReferralFields.DEAL_VALUE);
        if (value == null) {
            return "none";
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMaximumFractionDigits(2);
        String currency = fields.get(ReferralFields.CURRENCY);
        return format.format(new BigDecimal(value)) + (currency == null ? "" : " " + currency);
    }

    private static String closeDate(String closingDateTime) {
        return closingDateTime == null ? "none" : Instant.parse(closingDateTime).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static boolean changed(Map<String, String> before, Map<String, String> after, String field) {
        return !Objects.equals(before.get(field), after.get(field));
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
