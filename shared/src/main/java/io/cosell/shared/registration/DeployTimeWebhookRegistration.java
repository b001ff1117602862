package io.cosell.shared.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.usecase.CustomResourceRequest;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.DeployTimeRegistration;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@link DeployTimeRegistration} by the documented custom resource protocol: the answer is a JSON document PUT to the
 * request's pre-signed {@code ResponseURL} (no content type), with a stable {@code PhysicalResourceId} (one Partner
 * Center registration per tenant, so an update never means "replaced"), {@code Reason} on failure, and at most 4096
 * bytes. Every request is answered, so no stack waits for its timeout; a delete always succeeds, since Partner
 * Center documents no way to delete a registration and a failed delete would leave the stack in DELETE_FAILED.
 */
@ApplicationScoped
public class DeployTimeWebhookRegistration implements DeployTimeRegistration {

    public static final String PHYSICAL_RESOURCE_ID = "partner-center-webhook-registration";

    private static final Logger LOG = Logger.getLogger(DeployTimeWebhookRegistration.class);
    private static final int MAX_TEXT = 1200;
    private static final int ANSWER_ATTEMPTS = 3;

    private final WebhookRegistrar registrar;
    private final HttpClient http;
    private final ObjectMapper json;

    @Inject
    public DeployTimeWebhookRegistration(WebhookRegistrar registrar, ObjectMapper json) {
        this(registrar, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), json);
    }

    public DeployTimeWebhookRegistration(WebhookRegistrar registrar, HttpClient http, ObjectMapper json) {
        this.registrar = registrar;
        this.http = http;
        this.json = json;
    }

    @Override
    public RegistrationReport answer(CustomResourceRequest request, Deadline deadline) {
        RegistrationReport report;
        boolean success;
        try {
            report = switch (String.valueOf(request.requestType())) {
                case "Create", "Update" -> registrar.registerAndValidate(required(request.webhookUrl()), deadline);
                case "Delete" -> kept(request.webhookUrl());
                default -> throw new IllegalArgumentException(
                        "RequestType must be Create, Update or Delete, was: " + request.requestType());
            };
            success = true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s of the webhook registration failed", request.requestType());
            report = new RegistrationReport(false, request.webhookUrl(), List.of(), reason(e));
            success = "Delete".equals(request.requestType());
        }
        respond(request, success, report);
        return report;
    }

    @Override
    public RegistrationReport terraform(String action, URI url, Deadline deadline) {
        return switch (String.valueOf(action)) {
            case "create", "update" -> registrar.registerAndValidate(required(url), deadline);
            case "delete" -> kept(url);
            default -> throw new IllegalArgumentException(
                    "tf.action must be create, update or delete, was: " + action);
        };
    }

    private static URI required(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("the webhook URL is missing: the custom resource needs the property "
                    + "WebhookUrl (the webhook receiver's Function URL), the Terraform input a \"url\"");
        }
        return url;
    }

    private static RegistrationReport kept(URI url) {
        return new RegistrationReport(false, url, List.of(), "left the Partner Center webhook registration as it is "
                + "(Partner Center has no documented way to delete one); register another URL to move the events");
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** PUTs the answer to the ResponseURL; a few attempts, since a stack left unanswered waits for its timeout. */
    private void respond(CustomResourceRequest request, boolean success, RegistrationReport report) {
        byte[] body = answer(request, success, report);
        if (request.responseUrl() == null) {
            throw new IllegalArgumentException("the request has no ResponseURL: CloudFormation cannot be answered");
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ANSWER_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(request.responseUrl())
                        .timeout(Duration.ofSeconds(10))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                last = new IllegalStateException("CloudFormation's ResponseURL answered HTTP " + response.statusCode()
                        + ": " + response.body());
            } catch (IOException e) {
                last = new IllegalStateException("CloudFormation's ResponseURL could not be reached: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while answering CloudFormation", e);
            }
        }
        throw last;
    }

    private byte[] answer(CustomResourceRequest request, boolean success, RegistrationReport report) {
        ObjectNode answer = json.createObjectNode();
        answer.put("Status", success ? "SUCCESS" : "FAILED");
        answer.put("Reason", shorten(report.message()));
        answer.put("PhysicalResourceId", request.physicalResourceId() == null || request.physicalResourceId().isBlank()
                ? PHYSICAL_RESOURCE_ID : request.physicalResourceId());
        answer.put("StackId", request.stackId());
        answer.put("RequestId", request.requestId());
        answer.put("LogicalResourceId", request.logicalResourceId());
        ObjectNode data = answer.putObject("Data");
        data.put("WebhookUrl", report.webhookUrl() == null ? "" : report.webhookUrl().toString());
        data.put("WebhookEvents", String.join(",", report.webhookEvents()));
        data.put("Message", shorten(report.message()));
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
