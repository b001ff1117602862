package io.cosell.shared.auth;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Entra ID answered {@code invalid_grant} to a refresh-token redemption: the app+user consent is dead and no retry
 * revives it; a person must sign in again (interactive, with MFA). Terminal, unlike every other token failure.
 */
public final class SignInExpiredException extends EntraAuthException {

    /** What users read in the sync log and the CRM Audit column. */
    public static final String NOTICE = "Partner Center sign-in expired: an admin must sign in again";

    /** Why the refresh token died, from Entra's AADSTS code. */
    public enum Reason {
        /** AADSTS700082: unused for 90 days. */
        EXPIRED("expired after 90 days unused"),
        /** AADSTS50173: revoked (password reset, sessions revoked). */
        REVOKED("revoked"),
        /** AADSTS50076 / AADSTS50078: multi-factor authentication required or expired. */
        MFA_REQUIRED("multi-factor authentication required"),
        /** Any other invalid_grant (unknown or malformed token). */
        INVALID("not accepted");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        static Reason of(OptionalInt aadsts) {
            if (aadsts.isEmpty()) {
                return INVALID;
            }
            return switch (aadsts.getAsInt()) {
                case 700082 -> EXPIRED;
                case 50173 -> REVOKED;
                case 50076, 50078 -> MFA_REQUIRED;
                default -> INVALID;
            };
        }
    }

    private final OptionalInt aadsts;

    public SignInExpiredException(int status, OptionalInt aadsts, String message) {
        super(status, "invalid_grant", message);
        this.aadsts = aadsts;
    }

    /** Entra's AADSTS error code, when it gave one. */
    public OptionalInt aadsts() {
        return aadsts;
    }

    public Reason reason() {
        return Reason.of(aadsts);
    }

    /** {@code Partner Center sign-in expired: an admin must sign in again (AADSTS50173: revoked)}. */
    public String notice() {
        String code = aadsts.isPresent() ? "AADSTS" + aadsts.getAsInt() + ": " : "";
        return NOTICE + " (" + code + reason().words() + ")";
    }

    /** The exception when {@code thrown} or one of its causes is one. */
    public static Optional<SignInExpiredException> in(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SignInExpiredException expired) {
                return Optional.of(expired);
            }
        }
        return Optional.empty();
    }
}
