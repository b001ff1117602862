package io.cosell.shared.referral;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.shared.auth.AccessTokenProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Test-only: client_credentials tokens for one scope from the Entra emulator, cached until invalidated. */
final class EntraTestTokens implements AccessTokenProvider {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final EntraEmulator entra;
    private final String scope;
    private String cached;

    EntraTestTokens(EntraEmulator entra, String scope) {
        this.entra = entra;
        this.scope = scope;
    }

    @Override
    public synchronized String accessToken() {
        if (cached == null) {
            cached = fetch();
        }
        return cached;
    }

    @Override
    public synchronized void invalidate() {
        cached = null;
    }

    private String fetch() {
        String form = "grant_type=client_credentials&client_id=" + EntraSettings.SANDBOX_CLIENT_ID
                + "&client_secret=" + EntraSettings.SANDBOX_CLIENT_SECRET
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(entra.tokenUrl("sandbox-tenant")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
