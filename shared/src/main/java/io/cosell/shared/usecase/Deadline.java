package io.cosell.shared.usecase;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The instant by which a function must have answered its invocation. */
public record Deadline(Instant at) {

    public Deadline {
        Objects.requireNonNull(at, "at");
    }

    /** The time left at {@code now}, never negative. */
    public Duration remaining(Instant now) {
        Duration left = Duration.between(now, at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean passed(Instant now) {
        return !now.isBefore(at);
    }
}
