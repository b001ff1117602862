package io.cosell.emulator.http;

/**
 * Thrown by a handler to answer with an error. The emulator's {@link ErrorFormat} turns it into that API's
 * documented error body.
 */
public class HttpError extends RuntimeException {

    private final int status;
    private final String code;
    private final String retryAfterSeconds;

    public HttpError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public HttpError(int status, String code, String message, String retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for a Retry-After header, or null. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
