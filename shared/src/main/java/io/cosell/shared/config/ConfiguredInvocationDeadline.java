package io.cosell.shared.config;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link InvocationDeadline} from the function's configured timeout and batch size, measured on a clock. A Lambda
 * execution environment serves one invocation at a time, so the last deadline started is the current one.
 */
public final class ConfiguredInvocationDeadline implements InvocationDeadline {

    private final Duration timeout;
    private final int batchSize;
    private final Clock clock;
    private volatile Deadline current;

    public ConfiguredInvocationDeadline(Duration timeout, int batchSize, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the function timeout must be positive, was " + timeout);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
        this.timeout = timeout;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    @Override
    public Deadline start() {
        current = new Deadline(clock.instant().plus(timeout));
        return current;
    }

    @Override
    public Deadline startRecord() {
        current = new Deadline(clock.instant().plus(timeout.dividedBy(batchSize)));
        return current;
    }

    @Override
    public Optional<Deadline> current() {
        return Optional.ofNullable(current);
    }
}
