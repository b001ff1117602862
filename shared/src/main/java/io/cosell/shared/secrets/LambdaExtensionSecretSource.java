package io.cosell.shared.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * AWS Secrets Manager through the AWS Parameters and Secrets Lambda Extension: a local HTTP endpoint
 * ({@code GET http://localhost:2773/secretsmanager/get?secretId=…} with header {@code X-Aws-Parameters-Secrets-Token}
 * = the function's session token) that caches secrets inside the execution environment. No AWS SDK module and no
 * extra cold-start cost; the function's role needs {@code secretsmanager:GetSecretValue} on exactly these secrets.
 * Secret ids are {@code <prefix><name>}, e.g. {@code cosell/prod/entra-client-secret}.
 */
public final class LambdaExtensionSecretSource implements SecretSource {

    private final HttpClient http;
    private final URI endpoint;
    private final String prefix;
    private final String sessionToken;
    private final ObjectMapper json;

    public LambdaExtensionSecretSource(HttpClient http, URI endpoint, String prefix, String sessionToken,
                                       ObjectMapper json) {
        this.http = http;
        this.endpoint = endpoint;
        this.prefix = prefix;
        this.sessionToken = sessionToken;
        this.json = json;
    }

    /** The extension's default port is 2773 ({@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT} changes it). */
    public static LambdaExtensionSecretSource fromLambdaEnvironment(String prefix, ObjectMapper json) {
        String port = System.getenv().getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773");
        String token = System.getenv("AWS_SESSION_TOKEN");
        if (token == null) {
            throw new MissingSecretException("AWS_SESSION_TOKEN is not set: the secrets extension can only be used inside Lambda");
        }
        return new LambdaExtensionSecretSource(HttpClient.newHttpClient(), URI.create("http://localhost:" + port), prefix, token,
                json);
    }

    @Override
    public String secret(String name) {
        String id = prefix + name;
        URI uri = endpoint.resolve("/secretsmanager/get?secretId=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("X-Aws-Parameters-Secrets-Token", sessionToken)
                    .timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new MissingSecretException("secret '" + id + "' could not be read from Secrets Manager (HTTP "
                        + response.statusCode() + "): check that it exists and the function's role may read it");
            }
            JsonNode body = json.readTree(response.body());
            String value = body.path("SecretString").asText("");
            if (value.isBlank()) {
                throw new MissingSecretException("secret '" + id + "' has no SecretString");
            }
            return value.trim();
        } catch (IOException e) {
            throw new MissingSecretException("the AWS Parameters and Secrets extension did not answer for secret '" + id
                    + "': is the extension layer attached to the function?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MissingSecretException("interrupted while reading secret '" + id + "'", e);
        }
    }
}
