package io.cosell.shared.config;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;

import java.time.Clock;
import java.time.Duration;

/** {@link InvocationDeadline} from the function's configured timeout and batch size, measured on a clock. */
public final class ConfiguredInvocationDeadline implements InvocationDeadline {

    private final Duration timeout;
    private final int batchSize;
    private final Clock clock;

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
        return new Deadline(clock.instant().plus(timeout));
    }

    @Override
    public Deadline startRecord() {
        return new Deadline(clock.instant().plus(timeout.dividedBy(batchSize)));
    }
}
