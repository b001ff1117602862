package io.cosell.emulator.entra;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.http.EmulatorServer;
import io.cosell.emulator.http.ErrorFormat;
import io.cosell.emulator.http.FaultInjector;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Entra emulator's token endpoint and bearer authenticator, over HTTP, as Entra ID documents them. */
class EntraEmulatorIT {

    private static final String TENANT = "sandbox-tenant";
    private static final String RESOURCE = "https://sandbox.crm.dynamics.com";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EntraEmulator entra;
    private static EntraEmulator expiring;
    private static EmulatorServer resource;
    private static EmulatorServer resourceTrustingExpiring;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, new EntraSettings(Map.of("sandbox", "sandbox"),
                Set.of("rt-rotation"), Duration.ofHours(1)));
        expiring = EntraEmulator.start(0, EntraSettings.sandboxDefaults().withTokenLifetime(Duration.ZERO));
        resource = EmulatorServer.start("resource", 0, whoAmI(), ErrorFormat.ODATA,
                entra.bearer(Set.of(RESOURCE), "unauthenticated"), new FaultInjector());
        resourceTrustingExpiring = EmulatorServer.start("resource-2", 0, whoAmI(), ErrorFormat.ODATA,
                expiring.bearer(Set.of(RESOURCE), "unauthenticated"), new FaultInjector());
    }

    private static Router whoAmI() {
        return new Router().get("/whoami", (Request request) ->
                Response.json(200, Json.object().put("caller", request.header(EmulatorServer.CALLER_HEADER).orElse(""))));
    }

    @AfterAll
    static void stop() {
        resource.close();
        resourceTrustingExpiring.close();
        expiring.close();
        entra.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private static Answer token(EntraEmulator emulator, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.tokenUrl(TENANT)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.MAPPER.readTree(response.body()));
    }

    private static Map<String, String> clientCredentials(String clientId, String secret, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        form.put("scope", scope);
        return form;
    }

    private static Answer callResource(EmulatorServer server, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve("/whoami")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.MAPPER.readTree(response.body()));
    }

    @Test
    void client_credentials_grant_returns_a_bearer_token() throws Exception {
        // when
        Answer answer = token(entra, clientCredentials("sandbox", "sandbox", RESOURCE + "/.default"));

        // then
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.body().path("expires_in").asLong()).isEqualTo(3600);
        assertThat(answer.body().path("access_token").asText()).isNotBlank();
        assertThat(answer.body().has("refresh_token")).isFalse();
        assertThat(entra.validate(answer.body().path("access_token").asText())).get()
                .extracting(IssuedToken::audience).isEqualTo(RESOURCE);
    }

    @Test
    void wrong_secret_is_401_invalid_client() throws Exception {
        // when
        Answer answer = token(entra, clientCredentials("sandbox", "wrong", RESOURCE + "/.default"));

        // then
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("error").asText()).isEqualTo("invalid_client");
        assertThat(answer.body().path("error_description").asText()).startsWith("AADSTS7000215");
        assertThat(answer.body().path("error_codes").get(0).asInt()).isEqualTo(7000215);
    }

    @Test
    void unknown_client_is_400_unauthorized_client() throws Exception {
        // when
        Answer answer = token(entra, clientCredentials("nobody", "sandbox", RESOURCE + "/.default"));

        // then
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").asText()).isEqualTo("unauthorized_client");
        assertThat(answer.body().path("error_description").asText()).contains("'nobody'", "'" + TENANT + "'");
    }

    @Test
    void missing_grant_type_is_400_invalid_request() throws Exception {
        // given
        Map<String, String> form = clientCredentials("sandbox", "sandbox", RESOURCE + "/.default");
        form.remove("grant_type");

        // when
        Answer answer = token(entra, form);

        // then
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").asText()).isEqualTo("invalid_request");
        assertThat(answer.body().path("error_description").asText()).contains("'grant_type'");
    }

    @Test
    void unsupported_grant_is_400_unsupported_grant_type() throws Exception {
        // given
        Map<String, String> form = clientCredentials("sandbox", "sandbox", RESOURCE + "/.default");
        form.put("grant_type", "password");

        // when
        Answer answer = token(entra, form);

        // then
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void client_credentials_scope_without_default_suffix_is_400_invalid_scope() throws Exception {
        // when
        Answer answer = token(entra, clientCredentials("sandbox", "sandbox", RESOURCE + "/user_impersonation"));

        // then
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").asText()).isEqualTo("invalid_scope");
        assertThat(answer.body().path("error_description").asText()).contains("/.default");
    }

    @Test
    void refresh_token_grant_rotates_the_refresh_token_without_revoking_the_old_one() throws Exception {
        // given
        Map<String, String> form = clientCredentials("sandbox", "sandbox", "https://api.partner.microsoft.com/.default");
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", "rt-rotation");

        // when
        Answer first = token(entra, form);
        Answer replayed = token(entra, form);
        form.put("refresh_token", first.body().path("refresh_token").asText());
        Answer rotated = token(entra, form);

        // then
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("refresh_token").asText()).isNotBlank().isNotEqualTo("rt-rotation");
        assertThat(entra.validate(first.body().path("access_token").asText())).get()
                .extracting(IssuedToken::audience, IssuedToken::grantType)
                .containsExactly("https://api.partner.microsoft.com", "refresh_token");
        assertThat(replayed.status()).as("Entra does not revoke a refresh token when it is redeemed").isEqualTo(200);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body().path("refresh_token").asText())
                .isNotEqualTo(first.body().path("refresh_token").asText());
    }

    @Test
    void revoked_refresh_token_is_an_invalid_grant() throws Exception {
        // given
        Map<String, String> form = clientCredentials("sandbox", "sandbox", "https://api.partner.microsoft.com/.default");
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", "rt-revoked");
        try (EntraEmulator revoking = EntraEmulator.start(0, new EntraSettings(
                Map.of("sandbox", "sandbox"), java.util.Set.of("rt-revoked"), java.time.Duration.ofHours(1)))) {
            revoking.revokeRefreshTokens();

            // when
            Answer answer = token(revoking, form);

            // then
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().path("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void bearer_authenticator_accepts_a_valid_token_for_its_audience() throws Exception {
        // given
        String token = token(entra, clientCredentials("sandbox", "sandbox", RESOURCE + "/.default"))
                .body().path("access_token").asText();

        // when
        Answer answer = callResource(resource, "Bearer " + token);

        // then
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("caller").asText()).isEqualTo("sandbox");
    }

    @Test
    void bearer_authenticator_rejects_missing_unknown_expired_and_foreign_audience_tokens() throws Exception {
        // given
        String expired = token(expiring, clientCredentials("sandbox", "sandbox", RESOURCE + "/.default"))
                .body().path("access_token").asText();
        String otherAudience = token(entra, clientCredentials("sandbox", "sandbox",
                "https://api.partnercenter.microsoft.com/.default")).body().path("access_token").asText();

        // when
        Map<String, Answer> answers = new LinkedHashMap<>();
        answers.put("missing", callResource(resource, null));
        answers.put("not a bearer token", callResource(resource, "Basic c2FuZGJveDpzYW5kYm94"));
        answers.put("unknown", callResource(resource, "Bearer sbx-at.unknown"));
        answers.put("other audience", callResource(resource, "Bearer " + otherAudience));
        answers.put("expired", callResource(resourceTrustingExpiring, "Bearer " + expired));

        // then
        assertThat(answers).allSatisfy((why, answer) -> {
            assertThat(answer.status()).as(why).isEqualTo(401);
            assertThat(answer.body().path("error").path("code").asText()).as(why).isEqualTo("unauthenticated");
        });
        assertThat(answers.get("expired").body().path("error").path("message").asText()).contains("expired");
        assertThat(answers.get("other audience").body().path("error").path("message").asText()).contains("audience");
    }
}
