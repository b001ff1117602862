package io.cosell.shared.auth;

/**
 * Entra ID did not hand out a token. The message says what to fix in words a CRM admin understands; it never contains
 * a secret or a token.
 */
public class EntraAuthException extends RuntimeException {

    private final int status;
    private final String error;

    public EntraAuthException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status of Entra's answer, or 0 when Entra could not be reached. */
    public int status() {
        return status;
    }

    /** Entra's OAuth error code (e.g. {@code invalid_client}, {@code invalid_grant}), or empty. */
    public String error() {
        return error;
    }
}
