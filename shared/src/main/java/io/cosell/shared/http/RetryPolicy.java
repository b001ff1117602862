package io.cosell.shared.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How an API call is retried on 429 and transient 5xx answers: wait the server's {@code Retry-After} when it sends
 * one, else exponential backoff with full jitter; never more than {@code maxAttempts} tries and never past
 * {@code budget} for one call, and never past the invocation's {@code deadline} (a retry that could not finish before
 * it is not started). A wait longer than what is left ends the call with the last answer, and the caller (e.g. the
 * queue) retries later.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget,
                          CallDeadline deadline) {

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget) {
        this(maxAttempts, baseDelay, maxDelay, budget, CallDeadline.NONE);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(deadline, "deadline");
    }

    /** The same policy, bounded by the invocation's deadline as well. */
    public RetryPolicy within(CallDeadline invocationDeadline) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, budget, invocationDeadline);
    }

    public static boolean isRetryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504 || status == 500;
    }
}
