package io.cosell.functions.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.usecase.IntakeResult;
import io.cosell.shared.usecase.WebhookDelivery;
import io.cosell.shared.usecase.WebhookIntake;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;

/**
 * Lambda Function URL (payload format 2.0) in, HTTP answer out: decodes the body and hands it to the
 * {@link WebhookIntake}, which refuses oversize bodies (413) and verifies the signature before it reads anything.
 * Answers are JSON {@code {"status", "reason"?}}.
 */
public class WebhookReceiverHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebhookIntake intake;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        WebhookDelivery delivery;
        try {
            delivery = WebhookDelivery.decoding(event.getHeaders() == null ? Map.of() : event.getHeaders(),
                    event.getBody(), event.getIsBase64Encoded(), receivedAt(event));
        } catch (IllegalArgumentException notBase64) {
            return answer(IntakeResult.malformed("body is marked base64 but is not valid base64"));
        }
        return answer(intake.accept(delivery));
    }

    private static Instant receivedAt(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        return requestContext != null && requestContext.getTimeEpoch() > 0
                ? Instant.ofEpochMilli(requestContext.getTimeEpoch())
                : Instant.now();
    }

    private static APIGatewayV2HTTPResponse answer(IntakeResult result) {
        ObjectNode body = JSON.createObjectNode().put("status", result.status());
        if (result.reason() != null) {
            body.put("reason", result.reason());
        }
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(result.statusCode())
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(JSON.writeValueAsString(body))
                    .withIsBase64Encoded(false)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
