package io.cosell.shared.http;

/** Why something failed, in one line for a person: the first message down the cause chain, or an API's answer. */
public final class FailureReason {

    private FailureReason() {
    }

    public static String oneLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof ApiException) && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
