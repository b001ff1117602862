package io.cosell.shared.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Access tokens from the Entra ID v2.0 token endpoint ({@code POST <authority>/<tenant>/oauth2/v2.0/token}), either
 * app-only ({@code client_credentials}, Dataverse) or app+user by redeeming a stored refresh token
 * ({@code refresh_token}, Partner Center Referrals). A token is cached until {@code expires_in} minus a skew (default
 * 5 minutes, never more than half the token's lifetime); concurrent callers share one token request. Entra rotates
 * refresh tokens: every redemption reads the stored token first (so a token another environment stored is the one
 * used) and stores the new one before the access token is used, unless another environment replaced the redeemed
 * one first. A refresh token Entra refused with {@code invalid_grant} ({@link SignInExpiredException}) is never sent
 * again: until the stored token changes (an admin signed in again), every call fails at once with the same exception,
 * without a request to Entra.
 */
public final class EntraTokenProvider implements AccessTokenProvider {

    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final System.Logger LOG = System.getLogger(EntraTokenProvider.class.getName());

    private record CachedToken(String value, Instant renewAt, Rotation rotation) {
    }

    private final EntraTokenSettings settings;
    private final RefreshTokenStore refreshTokens;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration skew;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile CachedToken cached;
    private volatile DeadToken dead;

    private record DeadToken(String version, SignInExpiredException because) {
    }

    /** What a forced redemption did with the new refresh token. */
    public enum Rotation {
        /** Stored: the next redemption, in any environment, uses it. */
        STORED,
        /** Another environment had already replaced the redeemed token; that one stays. */
        NEWER_ALREADY_STORED,
        /** Entra returned no new refresh token (or this provider uses client credentials). */
        NONE
    }

    private EntraTokenProvider(EntraTokenSettings settings, RefreshTokenStore refreshTokens, HttpClient http,
                               ObjectMapper json, Duration skew, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.refreshTokens = refreshTokens;
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.skew = requireNotNegative(skew);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** App-only tokens ({@code client_credentials}), e.g. for Dataverse. */
    public static EntraTokenProvider clientCredentials(EntraTokenSettings settings, HttpClient http, ObjectMapper json) {
        return new EntraTokenProvider(settings, null, http, json, DEFAULT_SKEW, Clock.systemUTC());
    }

    /** App+user tokens by redeeming (and rotating) the refresh token in {@code store}, e.g. for Partner Center. */
    public static EntraTokenProvider refreshToken(EntraTokenSettings settings, RefreshTokenStore store, HttpClient http,
                                                  ObjectMapper json) {
        return new EntraTokenProvider(settings, Objects.requireNonNull(store, "store"), http, json, DEFAULT_SKEW,
                Clock.systemUTC());
    }

    /** The same provider with another renewal skew (a fresh, empty cache). */
    public EntraTokenProvider withSkew(Duration renewBeforeExpiry) {
        return new EntraTokenProvider(settings, refreshTokens, http, json, renewBeforeExpiry, clock);
    }

    /** The same provider reading time from {@code otherClock} (a fresh, empty cache). */
    public EntraTokenProvider withClock(Clock otherClock) {
        return new EntraTokenProvider(settings, refreshTokens, http, json, skew, otherClock);
    }

    @Override
    public String accessToken() {
        CachedToken current = cached;
        if (isFresh(current)) {
            return current.value();
        }
        fetching.lock();
        try {
            current = cached;
            if (isFresh(current)) {
                return current.value();
            }
            cached = fetch();
            return cached.value();
        } finally {
            fetching.unlock();
        }
    }

    @Override
    public void invalidate(String rejected) {
        fetching.lock();
        try {
            CachedToken current = cached;
            if (current != null && current.value().equals(rejected)) {
                cached = null;
            }
        } finally {
            fetching.unlock();
        }
    }

    /**
     * Redeems the refresh token now, whatever the cache holds (the keep-alive: a token redeemed at least weekly never
     * ages out). Throws {@link SignInExpiredException} when the consent is dead.
     */
    public Rotation refreshNow() {
        fetching.lock();
        try {
            cached = null;
            cached = fetch();
            return cached.rotation();
        } finally {
            fetching.unlock();
        }
    }

    private boolean isFresh(CachedToken token) {
        return token != null && clock.instant().isBefore(token.renewAt());
    }

    private CachedToken fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        form.put("scope", settings.scope());
        StoredRefreshToken redeemed = null;
        if (refreshTokens == null) {
            form.put("grant_type", "client_credentials");
        } else {
            redeemed = refreshTokens.load().orElseThrow(() -> new EntraAuthException(0, "",
                    "No Partner Center refresh token is stored for client '" + settings.clientId()
                            + "'. A Referrals admin must sign in once to grant consent."));
            DeadToken known = dead;
            if (known != null && known.version().equals(redeemed.version())) {
                throw known.because();
            }
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", redeemed.value());
        }
        Instant requestedAt = clock.instant();
        JsonNode body;
        try {
            body = post(form);
        } catch (SignInExpiredException e) {
            if (redeemed != null) {
                dead = new DeadToken(redeemed.version(), e);
            }
            throw e;
        }
        String accessToken = body.path("access_token").asText("");
        long lifetimeSeconds = body.path("expires_in").asLong(0);
        if (accessToken.isEmpty() || lifetimeSeconds <= 0) {
            throw new EntraAuthException(200, "", "Entra ID answered the token request of client '"
                    + settings.clientId() + "' without an access token or expiry.");
        }
        Rotation rotation = store(redeemed, body.path("refresh_token").asText(""));
        Duration lifetime = Duration.ofSeconds(lifetimeSeconds);
        Duration margin = skew.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : skew;
        return new CachedToken(accessToken, requestedAt.plus(lifetime).minus(margin), rotation);
    }

    /**
     * A store that cannot be written loses nothing yet: Entra does not revoke the redeemed token, which stays valid
     * until 90 days after its own issue, so the sync goes on and the next redemption tries again.
     */
    private Rotation store(StoredRefreshToken redeemed, String rotated) {
        if (redeemed == null || rotated.isEmpty()) {
            return Rotation.NONE;
        }
        try {
            return refreshTokens.replace(redeemed, rotated) ? Rotation.STORED : Rotation.NEWER_ALREADY_STORED;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the new Partner Center refresh token could not be stored ("
                    + e.getClass().getSimpleName() + "); the stored one stays in use: " + e.getMessage());
            return Rotation.NONE;
        }
    }

    private JsonNode post(Map<String, String> form) {
        HttpRequest request = HttpRequest.newBuilder(settings.tokenEndpoint())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EntraAuthException(0, "", "Could not reach Entra ID at " + settings.tokenEndpoint() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntraAuthException(0, "", "Interrupted while asking Entra ID for a token");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            throw EntraErrors.explain(response.statusCode(), body, settings);
        }
        return body;
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text == null || text.isEmpty() ? "{}" : text);
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Duration requireNotNegative(Duration skew) {
        if (skew == null || skew.isNegative()) {
            throw new IllegalArgumentException("the token renewal skew must be zero or positive");
        }
        return skew;
    }
}
