package io.cosell.emulator.entra;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.http.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Entra emulator's control API for refresh tokens: expire, revoke or require MFA for one token or all, with the
 * AADSTS codes Entra answers for each cause, and an admin's new sign-in.
 */
class EntraRefreshTokenControlIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private EntraEmulator entra;

    @BeforeEach
    void start() {
        entra = EntraEmulator.start(0, new EntraSettings(Map.of("sandbox", "sandbox"), Set.of("rt-a", "rt-b"),
                Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    @ParameterizedTest
    @CsvSource({"expire,700082", "revoke,50173", "require-mfa,50076", "expire-mfa,50078"})
    void a_killed_refresh_token_is_an_invalid_grant_with_the_AADSTS_code_of_its_cause(String action, int code)
            throws Exception {
        // given
        Answer killed = post("/_sandbox/refresh-tokens/" + action, "{\"refreshToken\": \"rt-a\"}");

        // when
        Answer dead = redeem("rt-a");
        Answer alive = redeem("rt-b");

        // then
        assertThat(killed.body().path("affected").asInt()).isEqualTo(1);
        assertThat(dead.status()).isEqualTo(400);
        assertThat(dead.body().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(dead.body().path("error_codes").get(0).asInt()).isEqualTo(code);
        assertThat(dead.body().path("error_description").asText()).startsWith("AADSTS" + code + ":");
        assertThat(alive.status()).isEqualTo(200);
    }

    @Test
    void revoking_without_a_body_kills_every_token_and_a_new_sign_in_works_again() throws Exception {
        // given
        String rotated = redeem("rt-a").body().path("refresh_token").asText();

        // when
        Answer revoked = post("/_sandbox/refresh-tokens/revoke", "");
        Answer oldOne = redeem("rt-b");
        Answer rotatedOne = redeem(rotated);
        String fresh = post("/_sandbox/refresh-tokens", "").body().path("refresh_token").asText();
        Answer afterSignIn = redeem(fresh);

        // then
        assertThat(revoked.body().path("affected").asInt()).isEqualTo(3);
        assertThat(oldOne.body().path("error_codes").get(0).asInt()).isEqualTo(50173);
        assertThat(rotatedOne.body().path("error_codes").get(0).asInt()).isEqualTo(50173);
        assertThat(afterSignIn.status()).isEqualTo(200);
        JsonNode counts = get("/_sandbox/refresh-tokens").body();
        assertThat(counts.path("redemptions").asLong()).isEqualTo(2);
        assertThat(counts.path("refusals").asLong()).isEqualTo(2);
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer redeem(String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=sandbox&client_secret=sandbox&scope="
                + URLEncoder.encode("https://api.partner.microsoft.com/.default", StandardCharsets.UTF_8)
                + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(entra.tokenUrl("sandbox-tenant")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private Answer post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(entra.server().baseUri().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(entra.server().baseUri().resolve(path)).GET());
    }

    private static Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.MAPPER.readTree(response.body()));
    }
}
