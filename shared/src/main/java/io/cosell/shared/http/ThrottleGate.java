package io.cosell.shared.http;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When an API's last {@code Retry-After} ends, for every call one client makes: a 429 answer to one call holds back
 * the calls running beside it in the same execution environment (the records of a batch sync at the same time), so
 * they wait once instead of each drawing a 429 of its own. The call that drew the 429 goes first when it ends; the
 * calls held back follow spread over {@link #REOPENING_SPREAD}, not all in the same instant, as Microsoft advises
 * ("ramp up gradually and let Retry-After govern throughput"): Dataverse makes its Retry-After periods longer for a
 * caller that keeps sending into a full limit.
 */
final class ThrottleGate {

    /** How long after the gate opens the calls it held back are spread. */
    static final Duration REOPENING_SPREAD = Duration.ofSeconds(1);

    private final AtomicReference<Instant> opensAt = new AtomicReference<>(Instant.MIN);

    /** Holds calls back until {@code until}, unless an earlier 429 already holds them longer. */
    void closeUntil(Instant until) {
        opensAt.accumulateAndGet(until, (current, proposed) -> current.isAfter(proposed) ? current : proposed);
    }

    /** When calls may be sent again; in the past when they may be sent now. */
    Instant opensAt() {
        return opensAt.get();
    }

    /** How much later than {@link #opensAt()} a call held back goes: a random share of the reopening spread. */
    Duration turnAfterOpening() {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(REOPENING_SPREAD.toMillis()));
    }
}
