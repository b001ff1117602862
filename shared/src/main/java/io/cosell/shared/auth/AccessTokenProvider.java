package io.cosell.shared.auth;

/** Hands out a bearer token for one API audience, cached until shortly before it expires. */
public interface AccessTokenProvider {

    /** A valid access token (fetched or refreshed when the cached one is missing or about to expire). */
    String accessToken();

    /** Forgets the cached token, e.g. after the API answered 401 to it. */
    void invalidate();
}
