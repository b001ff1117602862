package io.cosell.shared.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Partner Center webhook notification: {@code {"EventName","ResourceUri","ResourceName","AuditUri",
 * "ResourceChangeUtcDate"}} (partner-center-api.md §2.3). Field names are matched case-insensitively, because the
 * docs' samples write them in PascalCase and the swagger in camelCase. It carries no referral data: events are hints.
 *
 * @param changeDate {@code ResourceChangeUtcDate}, or null when absent or unreadable (the swagger requires it;
 *                   a date without offset is read as UTC)
 */
public record WebhookEvent(String eventName, String resourceUri, Instant changeDate) {

    /** GUIDs and similar ids; never a path such as {@code ..} that could change the GET the mapper makes. */
    private static final Pattern REFERRAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /**
     * Reads a notification body with the connector's mapper.
     *
     * @throws IllegalArgumentException with a reason fit for the answer when the body is not JSON or lacks
     *                                  {@code EventName} or {@code ResourceUri}
     */
    public static WebhookEvent parse(ObjectMapper json, byte[] body) {
        JsonNode notification;
        try {
            notification = json.readTree(body);
        } catch (IOException malformed) {
            throw new IllegalArgumentException("body is not valid JSON");
        }
        Optional<String> eventName = text(notification, "EventName");
        Optional<String> resourceUri = text(notification, "ResourceUri");
        if (eventName.isEmpty() || resourceUri.isEmpty()) {
            throw new IllegalArgumentException("EventName and ResourceUri are required");
        }
        return new WebhookEvent(eventName.get(), resourceUri.get(),
                text(notification, "ResourceChangeUtcDate").flatMap(WebhookEvent::instant).orElse(null));
    }

    /** The last path segment of {@code ResourceUri}, when it looks like a referral id. */
    public Optional<String> referralId() {
        String path;
        try {
            path = new URI(resourceUri).getRawPath();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String lastSegment = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return REFERRAL_ID.matcher(lastSegment).matches() ? Optional.of(lastSegment) : Optional.empty();
    }

    public Optional<Instant> changeDateIfKnown() {
        return Optional.ofNullable(changeDate);
    }

    private static Optional<String> text(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name) && field.getValue().isTextual()
                    && !field.getValue().asText().isBlank()) {
                return Optional.of(field.getValue().asText().trim());
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
