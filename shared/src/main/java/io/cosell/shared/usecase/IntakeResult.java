package io.cosell.shared.usecase;



/**
 * What the receiver answers Partner Center: an HTTP status, a short machine-readable status word and an optional
 * human-readable reason.
 */
public record IntakeResult(int statusCode, String status, String reason) {

    /** 202: the event is on the sync queue. */
    public static IntakeResult accepted() {
        return new IntakeResult(202, "accepted", null);
    }

    /** 200: this change was already accepted; Partner Center delivered it again. */
    public static IntakeResult duplicate() {
        return new IntakeResult(200, "duplicate", null);
    }

    /** 200: an event the connector does not handle (e.g. {@code test-created}); acknowledged so PC stops retrying. */
    public static IntakeResult ignored() {
        return new IntakeResult(200, "ignored", null);
    }

    /** 401: no valid Partner Center signature. */
    public static IntakeResult unauthorized(String reason) {
        return new IntakeResult(401, "rejected", reason);
    }

    /** 400: signed, but not a usable notification. */
    public static IntakeResult malformed(String reason) {
        return new IntakeResult(400, "rejected", reason);
    }

    /** 413: the body is larger than the receiver accepts. */
    public static IntakeResult tooLarge(String reason) {
        return new IntakeResult(413, "rejected", reason);
    }

    /** 503: an infrastructure failure; nothing was kept, so Partner Center's retry will be accepted. */
    public static IntakeResult unavailable(String reason) {
        return new IntakeResult(503, "unavailable", reason);
    }
}
