package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.HttpError;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * All referrals of the sandbox tenant as JSON trees (so unknown fields survive), in creation order. Every write gets a
 * new {@code eTag} and an {@code updatedDateTime} strictly later than any before. Callers get copies.
 */
final class ReferralStore {

    /** Partner Center writes UTC timestamps with seven fractional digits. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Computes the next version of a referral from the current one; may throw {@link HttpError}. */
    @FunctionalInterface
    interface Change {
        ObjectNode apply(ObjectNode current, String now);
    }

    private final Map<String, ObjectNode> referrals = new LinkedHashMap<>();
    private final Clock clock;
    private Instant lastTimestamp = Instant.EPOCH;

    ReferralStore(Clock clock) {
        this.clock = clock;
    }

    static String newETag() {
        return "\"" + UUID.randomUUID() + "\"";
    }

    static String format(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** The current time as a referral timestamp, strictly after the previous one handed out. */
    synchronized String now() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        lastTimestamp = now.isAfter(lastTimestamp) ? now : lastTimestamp.plus(1, ChronoUnit.MICROS);
        return format(lastTimestamp);
    }

    synchronized ObjectNode get(String id) {
        ObjectNode referral = referrals.get(id);
        if (referral == null) {
            throw new HttpError(404, "itemNotFound", "Referral '" + id + "' was not found.");
        }
        return referral.deepCopy();
    }

    synchronized List<ObjectNode> all() {
        return referrals.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** Stores a new referral (its {@code id}, timestamps and eTag already set). */
    synchronized ObjectNode insert(ObjectNode referral) {
        String id = referral.path("id").asText();
        if (referrals.containsKey(id)) {
            throw new HttpError(409, "invalidRequest", "A referral with id '" + id + "' already exists.");
        }
        referrals.put(id, referral.deepCopy());
        return referral;
    }

    /** Applies a change atomically and stamps the result with a new eTag and updatedDateTime. */
    synchronized ObjectNode update(String id, Change change) {
        ObjectNode current = get(id);
        String now = now();
        ObjectNode next = change.apply(current.deepCopy(), now);
        next.put("eTag", newETag());
        next.put("updatedDateTime", now);
        referrals.put(id, next.deepCopy());
        return next;
    }
}
