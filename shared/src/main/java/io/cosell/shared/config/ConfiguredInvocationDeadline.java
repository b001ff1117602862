package io.cosell.shared.config;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link InvocationDeadline} from the function's configured timeout and batch size, measured on a clock. A Lambda
 * execution environment serves one invocation at a time, so the last deadline started is the current one, except on a
 * thread that started a deadline of its own: the records of a batch sync at the same time, each on its own thread and
 * under its own deadline.
 */
public final class ConfiguredInvocationDeadline implements InvocationDeadline {

    private final Duration timeout;
    private final int batchSize;
    private final Clock clock;
    private volatile Deadline current;
    private final ThreadLocal<Deadline> startedOnThisThread = new ThreadLocal<>();

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
        return started(new Deadline(clock.instant().plus(timeout)));
    }

    @Override
    public Deadline startRecord() {
        return started(new Deadline(clock.instant().plus(timeout.dividedBy(batchSize))));
    }

    @Override
    public Optional<Deadline> current() {
        return Optional.ofNullable(startedOnThisThread.get()).or(() -> Optional.ofNullable(current));
    }

    private Deadline started(Deadline deadline) {
        startedOnThisThread.set(deadline);
        current = deadline;
        return deadline;
    }
}
