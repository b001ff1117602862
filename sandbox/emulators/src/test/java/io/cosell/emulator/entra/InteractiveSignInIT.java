package io.cosell.emulator.entra;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Entra emulator's device code flow and authorization code flow with PKCE, over HTTP, as Entra ID documents them. */
class InteractiveSignInIT {

    private static final String TENANT = "sandbox-tenant";
    private static final String SCOPE = "https://api.partner.microsoft.com/user_impersonation offline_access";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private static EntraEmulator entra;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, new EntraSettings(Map.of("sandbox", "sandbox"), Set.of(), Duration.ofHours(1)),
                new Clock() {
                    @Override
                    public ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return NOW.get();
                    }
                });
    }

    @AfterAll
    static void stop() {
        entra.close();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private static Answer post(String path, String contentType, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(entra.server().baseUri() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? Json.object() : Json.MAPPER.readTree(response.body()), response);
    }

    private static Answer form(String path, Map<String, String> form) throws Exception {
        return post(path, "application/x-www-form-urlencoded", form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
    }

    private static Answer poll(String deviceCode) throws Exception {
        return form("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", InteractiveSignIn.DEVICE_CODE_GRANT,
                "client_id", "sandbox", "device_code", deviceCode));
    }

    private static JsonNode deviceCode() throws Exception {
        Answer answer = form("/" + TENANT + "/oauth2/v2.0/devicecode", Map.of("client_id", "sandbox", "scope", SCOPE));
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void deviceCodeIsPendingUntilTheTestUserApprovesThenGivesTokensOnce() throws Exception {
        // given
        JsonNode code = deviceCode();
        String deviceCode = code.path("device_code").asText();

        // when
        Answer pending = poll(deviceCode);
        Answer tooSoon = poll(deviceCode);
        Answer approval = post("/_sandbox/device/approve", "application/json",
                "{\"user_code\":\"" + code.path("user_code").asText() + "\"}");
        Answer tokens = poll(deviceCode);
        Answer again = poll(deviceCode);

        // then
        assertThat(code.path("verification_uri").asText()).endsWith("/_sandbox/device");
        assertThat(code.path("interval").asInt()).isPositive();
        assertThat(code.path("expires_in").asInt()).isEqualTo(900);
        assertThat(pending.body().path("error").asText()).isEqualTo("authorization_pending");
        assertThat(tooSoon.body().path("error").asText()).isEqualTo("slow_down");
        assertThat(approval.status()).isEqualTo(200);
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.body().path("refresh_token").asText()).startsWith("sbx-rt.");
        assertThat(again.body().path("error").asText()).isEqualTo("invalid_grant");
        Answer refreshed = form("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "refresh_token",
                "client_id", "sandbox", "client_secret", "sandbox", "scope", SCOPE,
                "refresh_token", tokens.body().path("refresh_token").asText()));
        assertThat(refreshed.status()).isEqualTo(200);
    }

    @Test
    void deviceCodeExpires() throws Exception {
        // given
        String deviceCode = deviceCode().path("device_code").asText();

        // when
        NOW.updateAndGet(now -> now.plus(Duration.ofMinutes(16)));
        Answer expired = poll(deviceCode);

        // then
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body().path("error").asText()).isEqualTo("expired_token");
        assertThat(expired.body().path("error_codes").get(0).asInt()).isEqualTo(70020);
    }

    @Test
    void authorizationCodeNeedsTheVerifierOfItsS256Challenge() throws Exception {
        // given
        String verifier = "verifier-0123456789-0123456789-0123456789-0123456789";
        String redirect = "http://localhost:50123/";
        String authorize = entra.server().baseUri() + "/" + TENANT + "/oauth2/v2.0/authorize?client_id=sandbox"
                + "&response_type=code&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(SCOPE, StandardCharsets.UTF_8) + "&state=s1&code_challenge_method=S256"
                + "&code_challenge=" + InteractiveSignIn.s256(verifier);

        // when
        HttpResponse<String> first = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> good = Request.parseQuery(URI.create(first.headers().firstValue("Location").orElseThrow()).getRawQuery());
        Map<String, String> bad = Request.parseQuery(URI.create(second.headers().firstValue("Location").orElseThrow()).getRawQuery());
        Answer wrongVerifier = redeem(bad.get("code"), redirect, "another-verifier-0123456789-0123456789-0123456789");
        Answer tokens = redeem(good.get("code"), redirect, verifier);

        // then
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(good.get("state")).isEqualTo("s1");
        assertThat(wrongVerifier.status()).isEqualTo(400);
        assertThat(wrongVerifier.body().path("error_codes").get(0).asInt()).isEqualTo(501481);
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.body().path("refresh_token").asText()).startsWith("sbx-rt.");
    }

    private static Answer redeem(String code, String redirect, String verifier) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", "sandbox");
        form.put("client_secret", "sandbox");
        form.put("code", code);
        form.put("redirect_uri", redirect);
        form.put("scope", SCOPE);
        form.put("code_verifier", verifier);
        return form("/" + TENANT + "/oauth2/v2.0/token", form);
    }
}
