package io.cosell.shared.auth;

import java.util.Optional;

/**
 * Keeps the current refresh token of an app+user consent. Entra ID rotates refresh tokens: every redemption returns a
 * new one, which must replace the stored one.
 */
public interface RefreshTokenStore {

    Optional<String> load();

    void save(String refreshToken);
}
