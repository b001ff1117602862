package io.cosell.functions.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.inbound.IntakeResult;
import io.cosell.shared.inbound.WebhookDelivery;
import io.cosell.shared.inbound.WebhookIntake;
import io.cosell.shared.referral.ReferralEvent;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda Function URL (payload format 2.0) in, HTTP answer out. Checks only what is needed to answer Partner Center
 * correctly (size, JSON shape, event name) and hands referral events to the {@link WebhookIntake}; bad input gets a
 * 4xx with a JSON reason, never a 5xx. {@code EventName} and {@code ResourceUri} are matched case-insensitively,
 * because the docs' samples write them in PascalCase and the swagger in camelCase.
 */
public class WebhookReceiverHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = Logger.getLogger(WebhookReceiverHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebhookIntake intake;

    @Inject
    WebhookReceiverConfig config;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        byte[] body;
        try {
            body = rawBody(event);
        } catch (IllegalArgumentException notBase64) {
            return answer(400, "rejected", "body is marked base64 but is not valid base64");
        }
        if (body.length > config.maxBodyBytes()) {
            return answer(413, "rejected", "body is larger than " + config.maxBodyBytes() + " bytes");
        }
        JsonNode notification;
        try {
            notification = JSON.readTree(body);
        } catch (IOException malformed) {
            return answer(400, "rejected", "body is not valid JSON");
        }
        Optional<String> eventName = textField(notification, "EventName");
        if (eventName.isEmpty() || textField(notification, "ResourceUri").isEmpty()) {
            return answer(400, "rejected", "EventName and ResourceUri are required");
        }
        if (ReferralEvent.fromEventName(eventName.get()).isEmpty()) {
            LOG.debugf("ignoring webhook event %s", eventName.get());
            return answer(200, "ignored", null);
        }
        IntakeResult result = intake.accept(new WebhookDelivery(headers(event), body, receivedAt(event)));
        return answer(result.statusCode(), result.status(), result.reason());
    }

    private static byte[] rawBody(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded()
                ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> textField(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name) && field.getValue().isTextual()
                    && !field.getValue().asText().isBlank()) {
                return Optional.of(field.getValue().asText());
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> headers(APIGatewayV2HTTPEvent event) {
        return event.getHeaders() == null ? Map.of() : event.getHeaders();
    }

    private static Instant receivedAt(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        return requestContext != null && requestContext.getTimeEpoch() > 0
                ? Instant.ofEpochMilli(requestContext.getTimeEpoch())
                : Instant.now();
    }

    private static APIGatewayV2HTTPResponse answer(int statusCode, String status, String reason) {
        ObjectNode body = JSON.createObjectNode().put("status", status);
        if (reason != null) {
            body.put("reason", reason);
        }
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(statusCode)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(JSON.writeValueAsString(body))
                    .withIsBase64Encoded(false)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
