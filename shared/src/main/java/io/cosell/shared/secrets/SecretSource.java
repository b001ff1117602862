package io.cosell.shared.secrets;

/** Reads a named secret (client secret, refresh token). Secrets never come from code or plain configuration. */
public interface SecretSource {

    /** The secret's value; throws {@link MissingSecretException} with a readable reason when it cannot be read. */
    String secret(String name);
}
