package io.cosell.shared.inbound;

import java.time.Instant;
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

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
