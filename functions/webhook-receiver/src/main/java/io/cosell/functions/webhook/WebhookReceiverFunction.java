package io.cosell.functions.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.IntakeResult;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.WebhookDelivery;
import io.cosell.shared.usecase.WebhookIntake;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;

/**
 * Lambda Function URL request (payload format 2.0) in, Function URL response out: decodes the body to its raw
 * bytes and hands it to the {@link WebhookIntake}, which refuses oversize bodies (413) and verifies the signature
 * before it reads anything. Answers are JSON {@code {"status", "reason"?}} with the intake's status code.
 */
public class WebhookReceiverFunction {

    private static final Logger LOG = Logger.getLogger(WebhookReceiverFunction.class);

    @Inject
    WebhookIntake intake;

    @Inject
    InvocationDeadline invocationDeadline;

    @Inject
    ObjectMapper json;

    @Funq("webhook-receiver")
    public FunctionUrlResponse receive(FunctionUrlRequest request) {
        Deadline deadline = invocationDeadline.start();
        LOG.debugf("webhook delivery, invocation deadline %s", deadline.at());
        WebhookDelivery delivery;
        try {
            delivery = WebhookDelivery.decoding(request.headers() == null ? Map.of() : request.headers(),
                    request.body(), request.base64Encoded(), receivedAt(request));
        } catch (IllegalArgumentException notBase64) {
            return answer(IntakeResult.malformed("body is marked base64 but is not valid base64"));
        }
        return answer(intake.accept(delivery));
    }

    private static Instant receivedAt(FunctionUrlRequest request) {
        return request.requestContext() != null && request.requestContext().timeEpoch() > 0
                ? Instant.ofEpochMilli(request.requestContext().timeEpoch())
                : Instant.now();
    }

    private FunctionUrlResponse answer(IntakeResult result) {
        ObjectNode body = json.createObjectNode().put("status", result.status());
        if (result.reason() != null) {
            body.put("reason", result.reason());
        }
        try {
            return new FunctionUrlResponse(result.statusCode(), Map.of("content-type", "application/json"),
                    json.writeValueAsString(body), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
