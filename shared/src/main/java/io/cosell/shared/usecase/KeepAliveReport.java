package io.cosell.shared.usecase;

/**
 * What a keep-alive redemption did.
 *
 * @param outcome {@code stored} (the new refresh token is stored), {@code newer-kept} (another environment stored a
 *                newer one at the same moment; it stays) or {@code sign-in-expired} (Entra refused the token: an admin
 *                must sign in again)
 * @param message the same in words an admin reads
 */
public record KeepAliveReport(String outcome, String message) {

    public static final String STORED = "stored";
    public static final String NEWER_KEPT = "newer-kept";
    public static final String SIGN_IN_EXPIRED = "sign-in-expired";

    /** True unless the sign-in is dead. */
    public boolean alive() {
        return !SIGN_IN_EXPIRED.equals(outcome);
    }
}
