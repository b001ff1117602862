package io.cosell.emulator.entra;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The refresh tokens the emulator issued or was given, and how each one died. Entra answers a dead refresh token with
 * {@code invalid_grant} and an AADSTS code that says why (Microsoft Entra authentication and authorization error
 * codes): {@code AADSTS700082} expired after 90 days unused, {@code AADSTS50173} revoked (password reset, "revoke
 * sessions"), {@code AADSTS50076}/{@code AADSTS50078} multi-factor authentication required or expired.
 */
final class RefreshTokens {

    /** Why a refresh token no longer works, with Entra's AADSTS code and description. */
    enum Death {
        EXPIRED(700082, "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on "
                + "%s and was inactive for 90.00:00:00."),
        REVOKED(50173, "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is "
                + "needed. The user might have changed or reset their password. The grant was issued on '%s'."),
        MFA_REQUIRED(50076, "AADSTS50076: Due to a configuration change made by your administrator, or because you "
                + "moved to a new location, you must use multi-factor authentication to access "
                + "'https://api.partner.microsoft.com' (grant issued on %s)."),
        MFA_EXPIRED(50078, "AADSTS50078: Presented multi-factor authentication has expired due to policies "
                + "configured by your administrator, you must refresh your multi-factor authentication to access "
                + "'https://api.partner.microsoft.com' (grant issued on %s).");

        final int code;
        final String description;

        Death(int code, String description) {
            this.code = code;
            this.description = description;
        }

        /** {@code expire}, {@code revoke}, {@code require-mfa}, {@code expire-mfa} (the control API's words). */
        static Optional<Death> ofAction(String action) {
            return switch (action) {
                case "expire" -> Optional.of(EXPIRED);
                case "revoke" -> Optional.of(REVOKED);
                case "require-mfa" -> Optional.of(MFA_REQUIRED);
                case "expire-mfa" -> Optional.of(MFA_EXPIRED);
                default -> Optional.empty();
            };
        }
    }

    /** Alive (no death) or dead, and when it was issued. */
    record State(Optional<Death> death, java.time.Instant issuedAt) {
    }

    private final Map<String, State> tokens = new ConcurrentHashMap<>();
    private final AtomicLong redemptions = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    /** Every refresh token configured or issued, alive or dead. */
    Set<String> all() {
        return Set.copyOf(tokens.keySet());
    }

    RefreshTokens(Set<String> initial, java.time.Instant now) {
        initial.forEach(token -> tokens.put(token, new State(Optional.empty(), now)));
    }

    void issue(String token, java.time.Instant now) {
        tokens.put(token, new State(Optional.empty(), now));
    }

    Optional<State> state(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(tokens.get(token));
    }

    /** Kills one token, or every known token when {@code token} is empty; returns how many died now. */
    int kill(Optional<String> token, Death death) {
        int[] killed = {0};
        tokens.replaceAll((value, state) -> {
            if (token.map(value::equals).orElse(true) && state.death().isEmpty()) {
                killed[0]++;
                return new State(Optional.of(death), state.issuedAt());
            }
            return state;
        });
        return killed[0];
    }

    void redeemed() {
        redemptions.incrementAndGet();
    }

    void refused() {
        refusals.incrementAndGet();
    }

    long redemptions() {
        return redemptions.get();
    }

    long refusals() {
        return refusals.get();
    }
}
