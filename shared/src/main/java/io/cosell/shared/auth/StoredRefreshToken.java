package io.cosell.shared.auth;

import java.util.Objects;

/**
 * The refresh token as stored, and the version it was stored under (a Secrets Manager version id, a digest of the
 * local file). The version lets a writer replace exactly the token it redeemed and nothing newer.
 */
public record StoredRefreshToken(String value, String version) {

    public StoredRefreshToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public String toString() {
        return "StoredRefreshToken[value=***, version=" + version + "]";
    }
}
