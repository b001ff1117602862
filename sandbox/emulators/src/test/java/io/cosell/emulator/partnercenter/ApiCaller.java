package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Calls the Partner Center emulator over real HTTP, with tokens from a real Entra emulator. */
final class ApiCaller {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI baseUri;
    private final EntraEmulator entra;

    ApiCaller(URI baseUri, EntraEmulator entra) {
        this.baseUri = baseUri;
        this.entra = entra;
    }

    /** A fresh client_credentials token for {@code audience}. */
    String token(String audience) {
        String form = "grant_type=client_credentials&client_id=" + EntraSettings.SANDBOX_CLIENT_ID
                + "&client_secret=" + EntraSettings.SANDBOX_CLIENT_SECRET
                + "&scope=" + encode(audience + "/.default");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(entra.tokenUrl("sandbox-tenant")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return json(response).path("access_token").asText();
    }

    String referralsToken() {
        return token(PartnerCenterEmulator.REFERRALS_AUDIENCE);
    }

    String webhooksToken() {
        return token(PartnerCenterEmulator.WEBHOOKS_AUDIENCE);
    }

    /**
     * Sends a request; {@code target} is a path on the emulator or an absolute URL (e.g. a nextLink); {@code token}
     * and {@code body} may be null; {@code headers} are name/value pairs.
     */
    HttpResponse<String> call(String method, String target, String token, String body, String... headers) {
        URI uri = target.startsWith("http") ? URI.create(target) : URI.create(baseUri + target);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    HttpResponse<byte[]> download(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** Percent-encodes a query value (spaces as %20, as OData expects). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
