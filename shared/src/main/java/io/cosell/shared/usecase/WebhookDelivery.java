package io.cosell.shared.usecase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One webhook request as received: its headers (looked up case-insensitively), the raw body bytes (needed as-is
 * to verify the signature) and when it was received.
 */
public record WebhookDelivery(Map<String, String> headers, byte[] body, Instant receivedAt) {

    public WebhookDelivery {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = Collections.unmodifiableMap(caseInsensitive);
        body = body.clone();
    }

    /**
     * A delivery from an HTTP event whose body is text, or base64 when {@code base64Encoded} (as Lambda function
     * URLs pass bodies they do not treat as text). The signature covers the decoded bytes.
     *
     * @throws IllegalArgumentException when the body is marked base64 but is not
     */
    public static WebhookDelivery decoding(Map<String, String> headers, String body, boolean base64Encoded,
                                           Instant receivedAt) {
        String text = body == null ? "" : body;
        byte[] bytes = base64Encoded ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        return new WebhookDelivery(headers, bytes, receivedAt);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
