package io.cosell.shared.http;

import java.time.Duration;

/**
 * How an API call is retried on 429 and transient 5xx answers: wait the server's {@code Retry-After} when it sends
 * one, else exponential backoff with full jitter; never more than {@code maxAttempts} tries and never past
 * {@code budget} (so a Lambda never sleeps beyond its deadline). A wait longer than the budget left ends the call
 * with the last answer, and the caller (e.g. the queue) retries later.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget) {

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
    }

    public static boolean isRetryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504 || status == 500;
    }
}
