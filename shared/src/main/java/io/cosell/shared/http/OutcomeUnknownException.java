package io.cosell.shared.http;

/**
 * A request that is not safe to repeat (a create, an action) failed in a way that does not say whether the server
 * acted: the connection broke after the request was sent, the answer timed out, or a 5xx came back. It is not repeated
 * inside the call; the caller finds out what exists (a referral by {@code externalReferenceId}, a record by its key)
 * before it tries again. Transient: a later attempt of the whole use case may succeed.
 */
public final class OutcomeUnknownException extends ApiException {

    public OutcomeUnknownException(int status, String message) {
        super(status, "outcomeUnknown", message, null);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
