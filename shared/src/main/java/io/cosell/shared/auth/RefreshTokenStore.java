package io.cosell.shared.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the current refresh token of an app+user consent. Entra ID rotates refresh tokens: every redemption returns a
 * new one, which replaces the stored one. Several execution environments redeem at the same time, so a replacement
 * is conditional: it happens only while the token it was redeemed from is still the stored one, and a token redeemed
 * from an older version never overwrites a newer one.
 */
public interface RefreshTokenStore {

    /** The stored token, read from the store itself (never a copy cached elsewhere). */
    Optional<StoredRefreshToken> load();

    /**
     * Stores {@code rotated} if {@code redeemed} is still the stored version; false (and nothing written) when another
     * writer replaced it first.
     */
    boolean replace(StoredRefreshToken redeemed, String rotated);

    /**
     * When the stored token was written (by a sign-in or the last redemption), if the store records it. Every
     * redemption stores its rotated token, so this is also when the token was last used.
     */
    default Optional<Instant> storedAt() {
        return Optional.empty();
    }
}
