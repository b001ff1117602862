package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.http.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running Entra emulator (clients {@code sandbox} and {@code other}) and Dataverse emulator, with a raw HTTP client
 * that sends the standard Dataverse headers and a bearer token of the chosen client.
 */
final class DataverseSandbox implements AutoCloseable {

    static final String OTHER_CLIENT = "other";
    private static final Pattern ENTITY_ID = Pattern.compile("\\(([0-9a-f-]{36})\\)$");

    final EntraEmulator entra;
    final DataverseEmulator dataverse;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String token;

    private DataverseSandbox(EntraEmulator entra, DataverseEmulator dataverse, String clientId) {
        this.entra = entra;
        this.dataverse = dataverse;
        this.token = fetchToken(clientId, dataverse.scope());
    }

    static DataverseSandbox start(DataverseSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    static DataverseSandbox start(DataverseSettings settings, Clock clock) {
        EntraEmulator entra = EntraEmulator.start(0, new EntraSettings(
                Map.of(EntraSettings.SANDBOX_CLIENT_ID, EntraSettings.SANDBOX_CLIENT_SECRET, OTHER_CLIENT, "other-secret"),
                Set.of(), Duration.ofHours(1)));
        return new DataverseSandbox(entra, DataverseEmulator.start(0, entra, settings, clock),
                EntraSettings.SANDBOX_CLIENT_ID);
    }

    java.net.URI apiRoot() {
        return dataverse.apiRoot();
    }

    /** The same emulators, calling as another client. */
    DataverseSandbox as(String clientId) {
        return new DataverseSandbox(entra, dataverse, clientId);
    }

    String fetchToken(String clientId, String scope) {
        String secret = clientId.equals(OTHER_CLIENT) ? "other-secret" : EntraSettings.SANDBOX_CLIENT_SECRET;
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + "&scope=" + enc(scope);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(entra.tokenUrl("sandbox-tenant")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return json(response).get("access_token").asText();
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, token, headers).GET());
    }

    HttpResponse<String> post(String path, JsonNode body, String... headers) {
        return send(request(path, token, headers).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A POST the client gives up on after {@code timeout}. */
    HttpResponse<String> post(String path, JsonNode body, java.time.Duration timeout) {
        return send(request(path, token).timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A POST of a text body (e.g. a multipart {@code $batch}). */
    HttpResponse<String> postText(String path, String body, String... headers) {
        return send(request(path, token, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> patch(String path, JsonNode body, String... headers) {
        return send(request(path, token, headers).method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, token, headers).DELETE());
    }

    /** A request with a given Authorization header value (null = none). */
    HttpResponse<String> getWithAuthorization(String path, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(dataverse.apiRoot() + path));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return send(builder.GET());
    }

    /** A control request (no token): {@code /_sandbox/...}. */
    HttpResponse<String> control(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(dataverse.baseUri() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Creates a record and returns its id (from OData-EntityId). */
    UUID create(String set, ObjectNode body) {
        HttpResponse<String> response = post(set, body);
        if (response.statusCode() != 204) {
            throw new AssertionError("create failed: " + response.statusCode() + " " + response.body());
        }
        return idOf(response);
    }

    static UUID idOf(HttpResponse<String> response) {
        Matcher m = ENTITY_ID.matcher(response.headers().firstValue("OData-EntityId").orElseThrow());
        if (!m.find()) {
            throw new AssertionError("no id in OData-EntityId");
        }
        return UUID.fromString(m.group(1));
    }

    static ObjectNode object(Object... nameValues) {
        ObjectNode node = Json.object();
        for (int i = 0; i < nameValues.length; i += 2) {
            node.set((String) nameValues[i], Json.MAPPER.valueToTree(nameValues[i + 1]));
        }
        return node;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path, String bearer, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
                        : dataverse.apiRoot() + path))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0")
                .header("Content-Type", "application/json; charset=utf-8");
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        dataverse.close();
        entra.close();
    }
}
