package io.cosell.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Authenticator;
import io.cosell.emulator.http.EmulatorServer;
import io.cosell.emulator.http.ErrorFormat;
import io.cosell.emulator.http.FaultInjector;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Microsoft Entra ID v2.0 token endpoint: {@code POST /{tenant}/oauth2/v2.0/token}, form-encoded, for the
 * {@code client_credentials} and {@code refresh_token} grants. Errors use Entra's OAuth shape
 * ({@code error}, {@code error_description}, {@code error_codes}, ...). The other emulators ask it whether a bearer
 * token is valid through {@link #validate}.
 *
 * <p>Control API (no token): {@code POST /_sandbox/refresh-tokens/{expire|revoke|require-mfa|expire-mfa}} kills every
 * refresh token, or only the one in the JSON body {@code {"refreshToken": "…"}}, so that its next redemption gets
 * {@code invalid_grant} with the AADSTS code Entra uses for that cause; {@code POST /_sandbox/refresh-tokens} plays an
 * admin signing in again and answers a new refresh token; {@code GET /_sandbox/refresh-tokens} counts redemptions
 * and refusals.
 */
public final class EntraEmulator implements AutoCloseable {

    private final EntraSettings settings;
    private final Clock clock;
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final RefreshTokens refreshTokens;
    private final AtomicLong issuedCount = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final EmulatorServer server;
    private final InteractiveSignIn signIn;

    private EntraEmulator(int port, EntraSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.refreshTokens = new RefreshTokens(settings.refreshTokens(), clock.instant());
        this.signIn = new InteractiveSignIn(clock, random);
        Router router = new Router().post("/{tenant}/oauth2/v2.0/token", this::token)
                .post("/{tenant}/oauth2/v2.0/devicecode", request -> signIn.deviceCode(request, server().baseUri(),
                        settings.clients()))
                .get("/{tenant}/oauth2/v2.0/authorize", request -> signIn.authorize(request, settings.clients()))
                .post("/_sandbox/device/approve", signIn::approve)
                .post("/_sandbox/refresh-tokens/{action}", this::killRefreshTokens)
                .post("/_sandbox/refresh-tokens", request -> Response.json(201,
                        Json.object().put("refresh_token", signIn())))
                .get("/_sandbox/refresh-tokens", request -> Response.json(200, Json.object()
                        .put("redemptions", refreshTokens.redemptions()).put("refusals", refreshTokens.refusals())));
        this.server = EmulatorServer.start("entra", port, router, EntraEmulator::oauthError, Authenticator.NONE,
                new FaultInjector());
    }

    public static EntraEmulator start(int port, EntraSettings settings) {
        return new EntraEmulator(port, settings, Clock.systemUTC());
    }

    public static EntraEmulator start(int port, EntraSettings settings, Clock clock) {
        return new EntraEmulator(port, settings, clock);
    }

    public EmulatorServer server() {
        return server;
    }

    /** The token endpoint URL for a tenant, e.g. http://127.0.0.1:7103/sandbox-tenant/oauth2/v2.0/token. */
    public String tokenUrl(String tenant) {
        return server.baseUri() + "/" + tenant + "/oauth2/v2.0/token";
    }

    /** How many access tokens were issued so far (lets tests prove that clients cache tokens). */
    public long issuedCount() {
        return issuedCount.get();
    }

    /** Every access token issued so far, expired or not (lets tests search logs for them). */
    public Set<String> issuedAccessTokens() {
        return Set.copyOf(accessTokens.keySet());
    }

    /** Every refresh token configured or issued so far, alive or dead (lets tests search logs for them). */
    public Set<String> refreshTokens() {
        return refreshTokens.all();
    }

    /** Revokes every refresh token, like an admin's "revoke sessions": the next redemption gets invalid_grant. */
    public void revokeRefreshTokens() {
        refreshTokens.kill(Optional.empty(), RefreshTokens.Death.REVOKED);
    }

    /** An admin signs in again (interactive, with MFA): a new refresh token of the app+user consent. */
    public String signIn() {
        String token = randomToken("rt");
        refreshTokens.issue(token, clock.instant());
        return token;
    }

    /** Successful refresh-token redemptions so far. */
    public long refreshRedemptions() {
        return refreshTokens.redemptions();
    }

    /** Refresh-token redemptions answered with invalid_grant so far. */
    public long refreshRefusals() {
        return refreshTokens.refusals();
    }

    private Response killRefreshTokens(Request request) {
        RefreshTokens.Death death = RefreshTokens.Death.ofAction(request.pathParam("action")).orElseThrow(() ->
                new HttpError(404, "NotFound", "Unknown action '" + request.pathParam("action")
                        + "': use expire, revoke, require-mfa or expire-mfa."));
        Optional<String> one = request.bodyText().isBlank() ? Optional.empty()
                : Optional.of(request.json().path("refreshToken").asText("")).filter(token -> !token.isBlank());
        return Response.json(200, Json.object().put("affected", refreshTokens.kill(one, death)));
    }

    /**
     * Lets every access token issued so far expire now, as when an hour passes mid-run: resource servers answer 401
     * "The access token has expired." until the caller asks for a new one. Returns how many tokens expired.
     */
    public int expireAccessTokens() {
        Instant now = clock.instant();
        int[] expired = {0};
        accessTokens.replaceAll((raw, token) -> {
            if (!token.isValidAt(now)) {
                return token;
            }
            expired[0]++;
            return new IssuedToken(token.accessToken(), token.clientId(), token.tenant(), token.audience(),
                    token.grantType(), now);
        });
        return expired[0];
    }

    /** The token, if it was issued here and has not expired. */
    public Optional<IssuedToken> validate(String accessToken) {
        IssuedToken token = accessTokens.get(accessToken);
        return token != null && token.isValidAt(clock.instant()) ? Optional.of(token) : Optional.empty();
    }

    /**
     * An authenticator for a resource server: requires {@code Authorization: Bearer <token>} issued here, unexpired,
     * for one of the audiences (empty = any). The error code is the resource API's own.
     */
    public Authenticator bearer(Set<String> audiences, String errorCode) {
        return request -> {
            String header = request.header("Authorization").orElse("");
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new HttpError(401, errorCode, "Authorization header with a Bearer token is required.");
            }
            String raw = header.substring(7).trim();
            IssuedToken known = accessTokens.get(raw);
            if (known == null) {
                throw new HttpError(401, errorCode, "The access token is not valid.");
            }
            if (!known.isValidAt(clock.instant())) {
                throw new HttpError(401, errorCode, "The access token has expired.");
            }
            if (!audiences.isEmpty() && !audiences.contains(known.audience())) {
                throw new HttpError(401, errorCode, "The access token audience '" + known.audience()
                        + "' is not valid for this resource.");
            }
            return known.clientId();
        };
    }

    private Response token(Request request) {
        String contentType = request.header("Content-Type").orElse("");
        if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw oauth(400, "invalid_request", 900144,
                    "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
        }
        Map<String, String> form = Request.parseQuery(request.bodyText().replace("+", "%20"));
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isBlank()) {
            throw oauth(400, "invalid_request", 900144,
                    "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
        }
        String clientId = form.get("client_id");
        if (clientId == null || !settings.clients().containsKey(clientId)) {
            throw oauth(400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '" + clientId
                    + "' was not found in the directory '" + request.pathParam("tenant") + "'.");
        }
        // the device code flow is a public-client flow: its poll carries no secret, but a wrong one is still refused
        boolean secretless = InteractiveSignIn.DEVICE_CODE_GRANT.equals(grantType) && !form.containsKey("client_secret");
        if (!secretless && !settings.clients().get(clientId).equals(form.get("client_secret"))) {
            throw oauth(401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure the "
                    + "secret being sent in the request is the client secret value, not the client secret ID.");
        }
        String scope = form.getOrDefault("scope", "");
        return switch (grantType) {
            case "client_credentials" -> {
                if (!scope.endsWith("/.default")) {
                    throw oauth(400, "invalid_scope", 1002012, "AADSTS1002012: The provided value for scope '" + scope
                            + "' is not valid. Client credential flows must have a scope value with /.default suffixed "
                            + "to the resource identifier (application ID URI).");
                }
                yield issue(clientId, request.pathParam("tenant"), scope, grantType, null);
            }
            case "refresh_token" -> {
                String refresh = form.get("refresh_token");
                // Entra issues a new refresh token on every use but does not revoke the old one (Microsoft identity
                // platform docs, "Refresh tokens"); only expiry or revocation makes it invalid.
                Optional<RefreshTokens.State> known = refreshTokens.state(refresh);
                if (known.isEmpty()) {
                    refreshTokens.refused();
                    throw oauth(400, "invalid_grant", 9002313,
                            "AADSTS9002313: Invalid request. Request is malformed or invalid (refresh token unknown).");
                }
                if (known.get().death().isPresent()) {
                    refreshTokens.refused();
                    RefreshTokens.Death death = known.get().death().get();
                    throw oauth(400, "invalid_grant", death.code, death.description.formatted(known.get().issuedAt()));
                }
                refreshTokens.redeemed();
                String next = signIn();
                yield issue(clientId, request.pathParam("tenant"), scope, grantType, next);
            }
            case InteractiveSignIn.DEVICE_CODE_GRANT, InteractiveSignIn.AUTHORIZATION_CODE_GRANT -> {
                InteractiveSignIn.Grant grant = signIn.redeem(grantType, form);
                String next = grant.scope().contains("offline_access") ? randomToken("rt") : null;
                if (next != null) {
                    refreshTokens.issue(next, clock.instant());
                }
                yield issue(grant.clientId(), request.pathParam("tenant"), grant.scope(), grantType, next);
            }
            default -> throw oauth(400, "unsupported_grant_type", 70003,
                    "AADSTS70003: The app requested an unsupported grant type '" + grantType + "'.");
        };
    }

    private Response issue(String clientId, String tenant, String scope, String grantType, String refreshToken) {
        String audience = audienceOf(scope);
        long lifetime = settings.tokenLifetime().toSeconds();
        Instant expiresAt = clock.instant().plusSeconds(lifetime);
        String accessToken = randomToken("at");
        accessTokens.put(accessToken, new IssuedToken(accessToken, clientId, tenant, audience, grantType, expiresAt));
        issuedCount.incrementAndGet();
        ObjectNode body = Json.object();
        body.put("token_type", "Bearer");
        body.put("scope", scope);
        body.put("expires_in", lifetime);
        body.put("ext_expires_in", lifetime);
        body.put("access_token", accessToken);
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        return Response.json(200, body).header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
    }

    /** "https://api.partner.microsoft.com/.default openid" → "https://api.partner.microsoft.com". */
    static String audienceOf(String scope) {
        for (String part : scope.split(" ")) {
            if (part.endsWith("/.default")) {
                return part.substring(0, part.length() - "/.default".length());
            }
        }
        for (String part : scope.split(" ")) {
            if (part.startsWith("http")) {
                int slash = part.indexOf('/', part.indexOf("//") + 2);
                return slash < 0 ? part : part.substring(0, slash);
            }
        }
        return scope;
    }

    private String randomToken(String kind) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "sbx-" + kind + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static HttpError oauth(int status, String error, int code, String description) {
        return new OAuthError(status, error, code, description);
    }

    private static final class OAuthError extends HttpError {
        private final int errorCode;

        OAuthError(int status, String error, int errorCode, String description) {
            super(status, error, description);
            this.errorCode = errorCode;
        }
    }

    private static Response oauthError(HttpError error) {
        if (!(error instanceof OAuthError oauth)) {
            return ErrorFormat.ODATA.render(error);
        }
        ObjectNode body = Json.object();
        body.put("error", oauth.code());
        body.put("error_description", oauth.getMessage());
        body.putArray("error_codes").add(oauth.errorCode);
        body.put("timestamp", Instant.now().toString());
        body.put("trace_id", UUID.randomUUID().toString());
        body.put("correlation_id", UUID.randomUUID().toString());
        return Response.json(oauth.status(), body);
    }

    @Override
    public void close() {
        server.close();
    }
}
