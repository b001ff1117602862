package io.cosell.shared.auth;

/** Hands out a bearer token for one API audience, cached until shortly before it expires. */
public interface AccessTokenProvider {

    /** A valid access token (fetched or refreshed when the cached one is missing or about to expire). */
    String accessToken();

    /**
     * Forgets the cached token if it is still {@code rejected} (e.g. the API answered 401 to it). A token that another
     * caller has fetched since stays: concurrent callers rejected with the same token cause one fetch, not one each.
     */
    void invalidate(String rejected);
}
