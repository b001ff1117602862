package io.cosell.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interactive sign-ins of Entra ID's v2.0 endpoint that give a user's refresh token: the device code flow
 * ({@code POST /{tenant}/oauth2/v2.0/devicecode}, then the token endpoint answers {@code authorization_pending},
 * {@code slow_down} or {@code expired_token} until the user signed in) and the authorization code flow with PKCE
 * ({@code GET /{tenant}/oauth2/v2.0/authorize} redirects with a code, the token endpoint checks the S256 challenge).
 * The sandbox's test user signs in through {@code POST /_sandbox/device/approve {"user_code": …}} (device code) or
 * by opening the authorize URL (authorization code).
 */
final class InteractiveSignIn {

    static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String AUTHORIZATION_CODE_GRANT = "authorization_code";
    static final String TEST_USER = "referrals-admin@sandbox.onmicrosoft.com";
    private static final Duration DEVICE_CODE_LIFETIME = Duration.ofMinutes(15);
    private static final Duration AUTHORIZATION_CODE_LIFETIME = Duration.ofMinutes(10);
    /** Entra asks for 5 s between polls; the sandbox asks for 1 s so that a sign-in in a test takes a moment. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final String USER_CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ";

    /** What a redeemed code grants: the client it was issued to and the scope the user consented to. */
    record Grant(String clientId, String scope) {
    }

    private static final class Pending {
        final String clientId;
        final String scope;
        final String userCode;
        final Instant expiresAt;
        volatile boolean approved;
        volatile Instant lastPoll;

        Pending(String clientId, String scope, String userCode, Instant expiresAt) {
            this.clientId = clientId;
            this.scope = scope;
            this.userCode = userCode;
            this.expiresAt = expiresAt;
        }
    }

    private record AuthorizationCode(String clientId, String scope, URI redirectUri, String challenge,
                                     Instant expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Pending> deviceCodes = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> authorizationCodes = new ConcurrentHashMap<>();

    InteractiveSignIn(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    Response deviceCode(Request request, URI baseUri, Map<String, String> clients) {
        Map<String, String> form = Request.parseQuery(request.bodyText().replace("+", "%20"));
        String clientId = form.get("client_id");
        if (clientId == null || !clients.containsKey(clientId)) {
            throw EntraEmulator.oauth(400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '"
                    + clientId + "' was not found in the directory '" + request.pathParam("tenant") + "'.");
        }
        String scope = form.getOrDefault("scope", "");
        if (scope.isBlank()) {
            throw EntraEmulator.oauth(400, "invalid_request", 900144,
                    "AADSTS900144: The request body must contain the following parameter: 'scope'.");
        }
        String deviceCode = token("dc");
        String userCode = userCode();
        deviceCodes.put(deviceCode, new Pending(clientId, scope, userCode, clock.instant().plus(DEVICE_CODE_LIFETIME)));
        String verification = baseUri + "/_sandbox/device";
        ObjectNode body = Json.object();
        body.put("device_code", deviceCode);
        body.put("user_code", userCode);
        body.put("verification_uri", verification);
        body.put("expires_in", DEVICE_CODE_LIFETIME.toSeconds());
        body.put("interval", POLL_INTERVAL.toSeconds());
        body.put("message", "To sign in, use a web browser to open the page " + verification + " and enter the code "
                + userCode + " to authenticate.");
        return Response.json(200, body);
    }

    /** The sandbox's test user signs in and approves the device code shown to them. */
    Response approve(Request request) {
        String userCode = request.json().path("user_code").asText("");
        Pending pending = deviceCodes.values().stream().filter(p -> p.userCode.equalsIgnoreCase(userCode)).findFirst()
                .orElseThrow(() -> new HttpError(404, "unknown_user_code", "No sign-in waits for the code '"
                        + userCode + "'."));
        if (!clock.instant().isBefore(pending.expiresAt)) {
            throw new HttpError(410, "expired_token", "The code '" + userCode + "' has expired.");
        }
        pending.approved = true;
        ObjectNode body = Json.object();
        body.put("user_code", pending.userCode);
        body.put("user", TEST_USER);
        body.put("scope", pending.scope);
        return Response.json(200, body);
    }

    /** The authorize endpoint with the sandbox's test user already signed in (MFA done): redirects with a code. */
    Response authorize(Request request, Map<String, String> clients) {
        String clientId = request.queryParam("client_id").orElse("");
        if (!clients.containsKey(clientId)) {
            throw EntraEmulator.oauth(400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '"
                    + clientId + "' was not found in the directory '" + request.pathParam("tenant") + "'.");
        }
        URI redirect = URI.create(request.queryParam("redirect_uri").orElseThrow(() -> EntraEmulator.oauth(400,
                "invalid_request", 900144, "AADSTS900144: The request body must contain the following parameter: "
                        + "'redirect_uri'.")));
        String challenge = request.queryParam("code_challenge").orElse("");
        if (!"code".equals(request.queryParam("response_type").orElse(""))) {
            throw EntraEmulator.oauth(400, "unsupported_response_type", 700054, "AADSTS700054: response_type '"
                    + request.queryParam("response_type").orElse("") + "' is not enabled for the application.");
        }
        if (!challenge.isEmpty() && !"S256".equals(request.queryParam("code_challenge_method").orElse("plain"))) {
            throw EntraEmulator.oauth(400, "invalid_request", 501491, "AADSTS501491: Invalid code_challenge_method.");
        }
        String code = token("ac");
        authorizationCodes.put(code, new AuthorizationCode(clientId, request.queryParam("scope").orElse(""), redirect,
                challenge, clock.instant().plus(AUTHORIZATION_CODE_LIFETIME)));
        String location = redirect + (redirect.getQuery() == null ? "?" : "&") + "code=" + encode(code)
                + request.queryParam("state").map(state -> "&state=" + encode(state)).orElse("");
        return Response.empty(302).header("Location", location);
    }

    /** Redeems a device code or an authorization code at the token endpoint, or throws the OAuth error to answer. */
    Grant redeem(String grantType, Map<String, String> form) {
        return DEVICE_CODE_GRANT.equals(grantType) ? redeemDeviceCode(form) : redeemAuthorizationCode(form);
    }

    private Grant redeemDeviceCode(Map<String, String> form) {
        String deviceCode = form.getOrDefault("device_code", "");
        Pending pending = deviceCodes.get(deviceCode);
        if (pending == null || !pending.clientId.equals(form.get("client_id"))) {
            throw EntraEmulator.oauth(400, "invalid_grant", 70000,
                    "AADSTS70000: The provided value for the input parameter 'device_code' is not valid.");
        }
        Instant now = clock.instant();
        if (!now.isBefore(pending.expiresAt)) {
            deviceCodes.remove(deviceCode);
            throw EntraEmulator.oauth(400, "expired_token", 70020,
                    "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device "
                            + "code has expired.");
        }
        if (pending.approved) {
            deviceCodes.remove(deviceCode);
            return new Grant(pending.clientId, pending.scope);
        }
        Instant last = pending.lastPoll;
        pending.lastPoll = now;
        if (last != null && now.isBefore(last.plus(POLL_INTERVAL))) {
            throw EntraEmulator.oauth(400, "slow_down", 70016,
                    "AADSTS70016: Polling too often: wait the interval the devicecode answer gave between requests.");
        }
        throw EntraEmulator.oauth(400, "authorization_pending", 70016,
                "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
    }

    private Grant redeemAuthorizationCode(Map<String, String> form) {
        AuthorizationCode code = authorizationCodes.remove(form.getOrDefault("code", ""));
        if (code == null || !code.clientId().equals(form.get("client_id"))
                || !clock.instant().isBefore(code.expiresAt())) {
            throw EntraEmulator.oauth(400, "invalid_grant", 70008, "AADSTS70008: The provided authorization code or "
                    + "refresh token has expired due to inactivity, was already redeemed or is not valid.");
        }
        if (!code.redirectUri().toString().equals(form.get("redirect_uri"))) {
            throw EntraEmulator.oauth(400, "invalid_grant", 50148, "AADSTS50148: The redirect_uri does not match the "
                    + "one of the authorization request.");
        }
        if (!code.challenge().isEmpty() && !code.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
            throw EntraEmulator.oauth(400, "invalid_grant", 501481,
                    "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization "
                            + "request.");
        }
        String scope = Optional.ofNullable(form.get("scope")).filter(s -> !s.isBlank()).orElse(code.scope());
        return new Grant(code.clientId(), scope);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String userCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            code.append(USER_CODE_LETTERS.charAt(random.nextInt(USER_CODE_LETTERS.length())));
        }
        return code.toString();
    }

    private String token(String kind) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "sbx-" + kind + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
