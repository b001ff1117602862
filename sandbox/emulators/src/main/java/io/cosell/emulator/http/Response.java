package io.cosell.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer of an emulator. Build with the static factories, add headers with {@link #header}. */
public record Response(int status, Map<String, String> headers, byte[] body) {

    public static Response json(int status, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        return new Response(status, headers, Json.bytes(body));
    }

    public static Response text(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response bytes(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Response(status, headers, body);
    }

    public static Response empty(int status) {
        return new Response(status, new LinkedHashMap<>(), new byte[0]);
    }

    public Response header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Response(status, copy, body);
    }
}
