package io.cosell.shared.http;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A completed HTTP exchange with an API. */
public record ApiResponse(int status, HttpHeaders headers, byte[] body, int attempts) {

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
