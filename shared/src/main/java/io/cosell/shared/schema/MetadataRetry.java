package io.cosell.shared.schema;

import io.cosell.shared.http.ApiException;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Retries the transient failures of metadata writes that Dataverse users report ({@code dataverse-metadata-api.md}
 * §8): the organisation-wide customization lock ({@code 0x80071151}, "Cannot start another [EntityCustomization]"),
 * {@code 0x80040216} under back-to-back writes, and a 404 for a table created moments earlier (metadata cache).
 * The API client has already retried 429/5xx within its own budget; this waits longer, because a lock can be held
 * for minutes while another import or publish runs.
 */
public final class MetadataRetry {

    static final Set<String> TRANSIENT_CODES = Set.of("0x80071151", "0x80040216");

    /** Waits between attempts; tests record instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;

    public MetadataRetry(int maxAttempts, Duration firstDelay, Duration maxDelay, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
    }

    /** Ten attempts, 2 s doubling to 30 s: about four minutes in all. */
    public static MetadataRetry defaults() {
        return new MetadataRetry(10, Duration.ofSeconds(2), Duration.ofSeconds(30), d -> Thread.sleep(d.toMillis()));
    }

    /** Runs {@code call}; {@code notFoundIsLag}: a 404 means the metadata cache has not caught up yet. */
    public <T> T call(Supplier<T> call, boolean notFoundIsLag) {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ApiException e) {
                if (attempt >= maxAttempts || !isTransient(e, notFoundIsLag)) {
                    throw e;
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    public void run(Runnable call, boolean notFoundIsLag) {
        call(() -> {
            call.run();
            return null;
        }, notFoundIsLag);
    }

    static boolean isTransient(ApiException e, boolean notFoundIsLag) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return TRANSIENT_CODES.contains(e.code()) || message.contains("Cannot start another")
                || (notFoundIsLag && e.status() == 404);
    }
}
