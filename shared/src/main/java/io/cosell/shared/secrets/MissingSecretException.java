package io.cosell.shared.secrets;

/** A secret the connector needs could not be read; the message says which and where (never its value). */
public class MissingSecretException extends RuntimeException {

    public MissingSecretException(String message) {
        super(message);
    }

    public MissingSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
