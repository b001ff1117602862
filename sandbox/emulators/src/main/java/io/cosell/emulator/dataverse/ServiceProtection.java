package io.cosell.emulator.dataverse;

import io.cosell.emulator.http.HttpError;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dataverse's service protection limits per caller (application user): requests within a sliding window and
 * concurrent requests. Over a limit the request fails at once with 429, a {@code Retry-After} in seconds and the
 * documented message. Rejected requests do not count towards the window. Callers are independent.
 */
final class ServiceProtection {

    /** An admitted request; closing it frees its concurrency slot. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Clock clock;
    private final int requestLimit;
    private final Duration window;
    private final int concurrencyLimit;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    ServiceProtection(Clock clock, int requestLimit, Duration window, int concurrencyLimit) {
        this.clock = clock;
        this.requestLimit = requestLimit;
        this.window = window;
        this.concurrencyLimit = concurrencyLimit;
    }

    Permit admit(String caller) {
        AtomicInteger running = inFlight.computeIfAbsent(caller, c -> new AtomicInteger());
        if (running.incrementAndGet() > concurrencyLimit) {
            running.decrementAndGet();
            throw new HttpError(429, DataverseErrors.CONCURRENCY_LIMIT,
                    "Number of concurrent requests exceeded the limit of " + concurrencyLimit + ".", "1");
        }
        try {
            countInWindow(caller);
        } catch (HttpError e) {
            running.decrementAndGet();
            throw e;
        }
        return running::decrementAndGet;
    }

    private void countInWindow(String caller) {
        Deque<Instant> times = recent.computeIfAbsent(caller, c -> new ArrayDeque<>());
        Instant now = clock.instant();
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
                times.pollFirst();
            }
            if (times.size() >= requestLimit) {
                Duration wait = Duration.between(now, times.peekFirst().plus(window));
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                throw new HttpError(429, DataverseErrors.REQUEST_LIMIT, "Number of requests exceeded the limit of "
                        + requestLimit + " over time window of " + window.toSeconds() + " seconds.",
                        Long.toString(seconds));
            }
            times.addLast(now);
        }
    }

    /** Forgets the request history (requests in flight keep their slots until they finish). */
    void reset() {
        recent.clear();
    }
}
