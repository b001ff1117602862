package io.cosell.emulator.entra;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EntraEmulator#expireAccessTokens()}: the chaos suite's "an hour passes mid-run". */
class AccessTokenExpiryTest {

    @Test
    void expiringAccessTokensInvalidatesEveryIssuedTokenAndLeavesNewOnesValid() throws Exception {
        // given a token issued before the expiry
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
        try (EntraEmulator entra = EntraEmulator.start(0, new EntraSettings(Map.of("sandbox", "sandbox"), Set.of(),
                Duration.ofHours(1)), clock)) {
            String before = issue(entra);

            // when
            int expired = entra.expireAccessTokens();

            // then the old token is no longer valid, a new one is, and nothing expires twice
            assertThat(expired).isEqualTo(1);
            assertThat(entra.validate(before)).isEmpty();
            assertThat(entra.validate(issue(entra))).isPresent();
            assertThat(entra.expireAccessTokens()).isEqualTo(1);
        }
    }

    private static String issue(EntraEmulator entra) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(entra.tokenUrl("sandbox-tenant")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=sandbox&client_secret=sandbox&scope=https%3A%2F%2Fsandbox.crm.dynamics.com%2F.default"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return io.cosell.emulator.http.Json.MAPPER.readTree(response.body()).path("access_token").asText();
    }
}
