package io.cosell.shared.http;

import java.time.Duration;
import java.util.Optional;

/**
 * An API answered with an error. {@code code} and {@code message} come from the documented
 * {@code {"error":{"code","message"}}} body when there is one.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message, Duration retryAfter) {
        super(status + (code == null || code.isEmpty() ? "" : " " + code) + ": " + message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** Rethrows another API error as a more specific type, keeping its status, code, message and Retry-After. */
    protected ApiException(ApiException other) {
        super(other.getMessage(), other);
        this.status = other.status;
        this.code = other.code;
        this.retryAfter = other.retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The server's Retry-After, when it sent one (429/503). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Throttled or a transient server error: worth trying again later. */
    public boolean isTransient() {
        return RetryPolicy.isRetryable(status);
    }

    public boolean isPreconditionFailed() {
        return status == 412;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
