package io.cosell.shared.auth;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A refresh token held in memory only (tests), with the same conditional replacement as the real stores. */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

    private final AtomicLong versions = new AtomicLong();
    private final AtomicReference<StoredRefreshToken> token;

    public InMemoryRefreshTokenStore(String initialToken) {
        this.token = new AtomicReference<>(initialToken == null ? null : next(initialToken));
    }

    @Override
    public Optional<StoredRefreshToken> load() {
        return Optional.ofNullable(token.get());
    }

    @Override
    public boolean replace(StoredRefreshToken redeemed, String rotated) {
        return token.compareAndSet(redeemed, next(rotated));
    }

    private StoredRefreshToken next(String value) {
        return new StoredRefreshToken(value, Long.toString(versions.incrementAndGet()));
    }
}
