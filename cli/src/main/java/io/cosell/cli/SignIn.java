package io.cosell.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cosell.shared.auth.EntraTokenSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A person's interactive sign-in at Entra ID's v2.0 endpoint that yields their refresh token: the device code flow
 * (they open a page on any device and enter a code) or the authorization code flow with PKCE (S256) on a localhost
 * redirect. Both ask for {@code https://api.partner.microsoft.com/user_impersonation offline_access}; MFA happens
 * in the browser, so the token carries it.
 */
final class SignIn {

    static final String SCOPE = "https://api.partner.microsoft.com/user_impersonation offline_access";
    static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The refresh token of the person who signed in (never printed) and the scope granted. */
    record Tokens(String refreshToken, String scope) {
        @Override
        public String toString() {
            return "Tokens[refreshToken=***, scope=" + scope + "]";
        }
    }

    private final EntraTokenSettings entra;
    private final HttpClient http;
    private final ObjectMapper json;

    SignIn(EntraTokenSettings entra, HttpClient http, ObjectMapper json) {
        this.entra = entra;
        this.http = http;
        this.json = json;
    }

    /** The device code flow: shows the page and the code, then polls the token endpoint until the user signed in. */
    Tokens deviceCode(Consumer<String> show, Duration timeout) throws IOException, InterruptedException {
        JsonNode code = post(endpoint("devicecode"), Map.of("client_id", entra.clientId(), "scope", SCOPE)).body();
        if (!code.hasNonNull("device_code")) {
            throw new IllegalStateException("Entra ID refused the device code request: " + error(code));
        }
        show.accept(code.path("message").asText("Open " + code.path("verification_uri").asText() + " and enter the code "
                + code.path("user_code").asText()));
        show.accept("user code: " + code.path("user_code").asText() + " · verification page: "
                + code.path("verification_uri").asText());
        Duration interval = Duration.ofSeconds(Math.max(1, code.path("interval").asLong(5)));
        Instant giveUp = Instant.now().plus(timeout)
                .isBefore(Instant.now().plusSeconds(code.path("expires_in").asLong(900)))
                ? Instant.now().plus(timeout) : Instant.now().plusSeconds(code.path("expires_in").asLong(900));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DEVICE_CODE_GRANT);
        form.put("client_id", entra.clientId());
        // the connector's app is a confidential (web) client: Entra wants its secret on every token request
        form.put("client_secret", entra.clientSecret());
        form.put("device_code", code.path("device_code").asText());
        while (true) {
            Thread.sleep(interval.toMillis());
            Answer answer = post(endpoint("token"), form);
            if (answer.status() == 200) {
                return tokens(answer.body());
            }
            String error = answer.body().path("error").asText("");
            switch (error) {
                case "authorization_pending" -> {
                    // the person has not finished signing in yet
                }
                case "slow_down" -> interval = interval.plus(SLOW_DOWN_STEP);
                case "expired_token" -> throw new IllegalStateException("the code expired before anyone signed in: "
                        + "run bin/cosell consent again and sign in within " + code.path("expires_in").asLong(900) / 60
                        + " minutes");
                default -> throw new IllegalStateException("Entra ID refused the sign-in: " + error(answer.body()));
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("nobody signed in within " + timeout.toSeconds() + " s");
            }
        }
    }

    /**
     * The authorization code flow with PKCE: listens on {@code http://localhost:<port>/}, shows the sign-in URL,
     * takes the code from the redirect (checking its state) and redeems it with the verifier.
     */
    Tokens browser(int port, Consumer<String> show, Duration timeout) throws IOException, InterruptedException {
        String verifier = random(48);
        String state = random(16);
        CompletableFuture<Map<String, String>> redirect = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean ours = state.equals(query.get("state"));
            byte[] page = (ours && query.containsKey("code")
                    ? "Signed in. You can close this window and return to bin/cosell."
                    : "Sign-in did not complete: " + query.getOrDefault("error_description", "unexpected answer"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            if (ours) {
                redirect.complete(query);
            }
        });
        server.start();
        try {
            String redirectUri = "http://localhost:" + server.getAddress().getPort() + "/";
            String url = endpoint("authorize") + "?client_id=" + encode(entra.clientId()) + "&response_type=code"
                    + "&redirect_uri=" + encode(redirectUri) + "&response_mode=query&scope=" + encode(SCOPE)
                    + "&state=" + state + "&code_challenge=" + s256(verifier) + "&code_challenge_method=S256";
            show.accept("Open this address in a browser and sign in as the Referrals admin user:");
            show.accept(url);
            Map<String, String> answer = redirect.get(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!answer.containsKey("code")) {
                throw new IllegalStateException("Entra ID refused the sign-in: " + answer.getOrDefault("error", "")
                        + " " + answer.getOrDefault("error_description", ""));
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("client_id", entra.clientId());
            form.put("client_secret", entra.clientSecret());
            form.put("code", answer.get("code"));
            form.put("redirect_uri", redirectUri);
            form.put("scope", SCOPE);
            form.put("code_verifier", verifier);
            Answer tokens = post(endpoint("token"), form);
            if (tokens.status() != 200) {
                throw new IllegalStateException("Entra ID refused the code: " + error(tokens.body()));
            }
            return tokens(tokens.body());
        } catch (TimeoutException e) {
            throw new IllegalStateException("nobody signed in within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            server.stop(0);
        }
    }

    private Tokens tokens(JsonNode body) {
        String refreshToken = body.path("refresh_token").asText("");
        if (refreshToken.isEmpty()) {
            throw new IllegalStateException("Entra ID gave no refresh token: the app registration must allow "
                    + "offline_access (scope granted: " + body.path("scope").asText() + ")");
        }
        return new Tokens(refreshToken, body.path("scope").asText(SCOPE));
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        return new Answer(response.statusCode(), parsed);
    }

    private URI endpoint(String name) {
        String base = entra.authority().toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + entra.tenant() + "/oauth2/v2.0/" + name);
    }

    private static String error(JsonNode body) {
        String description = body.path("error_description").asText("").lines().findFirst().orElse("");
        return body.path("error").asText("unknown error") + (description.isEmpty() ? "" : " (" + description + ")");
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
