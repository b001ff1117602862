package io.cosell.emulator.http;

/**
 * Faults an emulator injects, set through {@code POST /_sandbox/faults} and reset by {@code DELETE}.
 *
 * @param latencyMs             added to every API answer
 * @param throttleShare         share (0..1) of API requests answered 429 with Retry-After
 * @param serverErrorShare      share (0..1) of API requests answered 500
 * @param retryAfterSeconds     the Retry-After value sent with injected 429s
 * @param webhookDropShare      share of webhook deliveries not sent at all (Partner Center emulator)
 * @param webhookDuplicateShare share of webhook deliveries sent twice
 * @param webhookReorder        hold each delivery back and send it after the next one
 */
public record FaultSettings(long latencyMs, double throttleShare, double serverErrorShare, int retryAfterSeconds,
                            double webhookDropShare, double webhookDuplicateShare, boolean webhookReorder) {

    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 1, 0, 0, false);

    public FaultSettings {
        requireShare("throttleShare", throttleShare);
        requireShare("serverErrorShare", serverErrorShare);
        requireShare("webhookDropShare", webhookDropShare);
        requireShare("webhookDuplicateShare", webhookDuplicateShare);
        if (latencyMs < 0 || retryAfterSeconds < 0) {
            throw new IllegalArgumentException("latencyMs and retryAfterSeconds must not be negative");
        }
    }

    private static void requireShare(String name, double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + share);
        }
    }
}
