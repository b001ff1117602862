package io.cosell.shared.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.AccessTokenProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Test-only: a client_credentials token from the Entra emulator, cached until invalidated. */
final class EntraTestTokens implements AccessTokenProvider {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private volatile String cached;

    EntraTestTokens(String tokenUrl, String clientId, String clientSecret, String scope) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
    }

    @Override
    public String accessToken() {
        String token = cached;
        if (token == null) {
            token = fetch();
            cached = token;
        }
        return token;
    }

    @Override
    public void invalidate() {
        cached = null;
    }

    private String fetch() {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&scope=" + enc(scope);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
