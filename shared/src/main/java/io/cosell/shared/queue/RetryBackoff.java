package io.cosell.shared.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a failed message waits before its next delivery: {@code first} after the first receive, {@value #FACTOR}
 * times longer after each further one, never more than {@code max}.
 */
public record RetryBackoff(Duration first, Duration max) {

    public static final int FACTOR = 4;
    /** The longest a received message can be hidden (SQS: 12 hours from its receive). */
    public static final Duration SQS_LIMIT = Duration.ofHours(12);

    /** The wait after the {@code receiveCount}-th delivery failed. */
    public Duration after(int receiveCount) {
        Duration wait = first;
        for (int receive = 1; receive < receiveCount && wait.compareTo(max) < 0; receive++) {
            wait = wait.multipliedBy(FACTOR);
        }
        return wait.compareTo(max) < 0 ? wait : max;
    }

    /** The waits between the first and the last of {@code receives} deliveries that all fail. */
    public Duration before(int receives) {
        Duration total = Duration.ZERO;
        for (int receive = 1; receive < receives; receive++) {
            total = total.plus(after(receive));
        }
        return total;
    }

    /** Every setting that cannot work, in words; empty when the backoff is usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (first.isNegative() || first.isZero()) {
            problems.add("the first retry delay must be positive, was " + first);
        }
        if (max.compareTo(first) < 0) {
            problems.add("the longest retry delay (" + max + ") is below the first (" + first + ")");
        }
        if (max.compareTo(SQS_LIMIT) > 0) {
            problems.add("the longest retry delay (" + max + ") is over SQS's 12 hours");
        }
        return problems;
    }
}
