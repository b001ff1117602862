package io.cosell.emulator.dataverse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues and checks change-tracking delta tokens. A token ({@code <row version>!<serial>}) stands for "changes
 * after this row version" and expires {@code expiry} after it was issued; {@link #expireAll()} expires every token
 * handed out so far (tests use it to provoke the full-resync path).
 */
final class ChangeTracker {

    private static final Pattern TOKEN = Pattern.compile("(\\d+)!(\\d+)");

    private final Clock clock;
    private final Duration expiry;
    private final AtomicLong serials = new AtomicLong();
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();

    ChangeTracker(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    String issue(long version) {
        String token = version + "!" + serials.incrementAndGet();
        issued.put(token, clock.instant());
        return token;
    }

    /** The row version a token starts after; 400 when the token is malformed, the documented error when expired. */
    long versionOf(String token) {
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            throw DataverseErrors.badQuery("The $deltatoken '" + token + "' is not valid.");
        }
        Instant issuedAt = issued.get(token);
        if (issuedAt == null || clock.instant().isAfter(issuedAt.plus(expiry))) {
            issued.remove(token);
            throw DataverseErrors.versionStampExpired();
        }
        return Long.parseLong(m.group(1));
    }

    void expireAll() {
        issued.clear();
    }
}
