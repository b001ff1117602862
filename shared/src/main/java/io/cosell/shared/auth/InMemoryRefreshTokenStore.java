package io.cosell.shared.auth;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A refresh token held in memory only (tests, or a caller that persists it elsewhere). */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

    private final AtomicReference<String> token;

    public InMemoryRefreshTokenStore(String initialToken) {
        this.token = new AtomicReference<>(initialToken);
    }

    @Override
    public Optional<String> load() {
        return Optional.ofNullable(token.get());
    }

    @Override
    public void save(String refreshToken) {
        token.set(refreshToken);
    }
}
