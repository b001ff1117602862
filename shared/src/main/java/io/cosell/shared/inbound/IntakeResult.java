package io.cosell.shared.inbound;

/**
 * What the receiver answers Partner Center: an HTTP status, a short machine-readable status word and an optional
 * human-readable reason.
 */
public record IntakeResult(int statusCode, String status, String reason) {

    public static IntakeResult accepted() {
        return new IntakeResult(202, "accepted", null);
    }

    public static IntakeResult unavailable(String reason) {
        return new IntakeResult(503, "unavailable", reason);
    }
}
