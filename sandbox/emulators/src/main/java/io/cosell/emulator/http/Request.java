package io.cosell.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as an emulator sees it.
 *
 * @param path       the decoded path, without the query string
 * @param query      decoded query parameters (first value of each name wins)
 * @param headers    header names in lower case
 * @param pathParams values captured by the route's {name} segments
 */
public record Request(String method, URI uri, String path, Map<String, String> query, Map<String, List<String>> headers,
                      byte[] body, Map<String, String> pathParams) {

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The body as JSON; throws {@link HttpError} 400 when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode node = Json.parse(body);
            if (node == null || node.isMissingNode()) {
                throw new HttpError(400, "invalidRequest", "The request body is empty; a JSON document is required.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HttpError(400, "invalidRequest", "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HttpError(400, "invalidRequest", "The request body could not be read: " + e.getMessage());
        }
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses a raw query string; '+' stays '+' (OData literals use %2B for plus, as the Dataverse docs require). */
    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.putIfAbsent(name, value);
        }
        return result;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public Request withPathParams(Map<String, String> params) {
        return new Request(method, uri, path, query, headers, body, Map.copyOf(params));
    }
}
