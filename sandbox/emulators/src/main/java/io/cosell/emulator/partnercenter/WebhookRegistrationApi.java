package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.EmulatorServer;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The Partner Center webhooks API ({@code /webhooks/v1/registration...}, fact sheet §2.1): one registration per
 * tenant; POST creates (409 when one exists), PUT replaces (or creates when none exists: not documented, the
 * plausible choice), GET returns it (404 when none). Bodies accept PascalCase and camelCase names; answers use
 * PascalCase as the docs do. Validation events are limited per caller to {@code validationEventsPerMinute} in any
 * sliding minute (429 with Retry-After beyond).
 */
final class WebhookRegistrationApi {

    static final List<String> SUPPORTED_EVENTS = List.of(
            "referral-created", "referral-updated", "related-referral-created", "related-referral-updated",
            "test-created", "subscription-updated", "usagerecords-thresholdExceeded", "invoice-ready",
            "azure-fraud-event-detected", "dap-admin-relationship-approved", "dap-admin-relationship-terminated",
            "granular-admin-relationship-approved", "granular-admin-relationship-activated",
            "granular-admin-relationship-terminated", "granular-admin-relationship-expired");

    private static final String TEST_EVENT = "test-created";
    private static final Map<Integer, String> STATUS_NAMES = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "NoContent"),
            Map.entry(400, "BadRequest"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "NotFound"), Map.entry(408, "RequestTimeout"), Map.entry(429, "TooManyRequests"),
            Map.entry(500, "InternalServerError"), Map.entry(502, "BadGateway"),
            Map.entry(503, "ServiceUnavailable"), Map.entry(504, "GatewayTimeout"));
    /** UTC without a zone designator, seven fractional digits, as in the documented answer. */
    private static final DateTimeFormatter DATE_TIME_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);

    private final PartnerCenterSettings settings;
    private final Supplier<URI> baseUri;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;
    private final AtomicReference<WebhookRegistration> registration = new AtomicReference<>();
    private final Map<String, Deque<Instant>> validationRequests = new HashMap<>();

    WebhookRegistrationApi(PartnerCenterSettings settings, Supplier<URI> baseUri, WebhookDispatcher dispatcher,
                           Clock clock) {
        this.settings = settings;
        this.baseUri = baseUri;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    void routes(Router router) {
        router.get("/webhooks/v1/registration/events", this::events)
                .post("/webhooks/v1/registration/validationEvents", this::sendValidationEvent)
                .get("/webhooks/v1/registration/validationEvents/{correlationId}", this::validationEvent)
                .post("/webhooks/v1/registration", this::create)
                .put("/webhooks/v1/registration", this::replace)
                .get("/webhooks/v1/registration", this::get);
    }

    Optional<WebhookRegistration> current() {
        return Optional.ofNullable(registration.get());
    }

    private Response events(Request request) {
        ArrayNode names = Json.MAPPER.createArrayNode();
        SUPPORTED_EVENTS.forEach(names::add);
        return Response.json(200, names);
    }

    private Response create(Request request) {
        WebhookRegistration next = parse(request.json());
        if (!registration.compareAndSet(null, next)) {
            throw new HttpError(409, "conflict",
                    "Registration already exists, use the PUT method to update a registration.");
        }
        return Response.json(200, toJson(next));
    }

    private Response replace(Request request) {
        WebhookRegistration next = parse(request.json());
        registration.set(next);
        return Response.json(200, toJson(next));
    }

    private Response get(Request request) {
        return Response.json(200, toJson(current().orElseThrow(WebhookRegistrationApi::notRegistered)));
    }

    private Response sendValidationEvent(Request request) {
        throttle(request.header(EmulatorServer.CALLER_HEADER).orElse("anonymous"));
        WebhookRegistration current = current().orElseThrow(WebhookRegistrationApi::notRegistered);
        if (!current.includes(TEST_EVENT)) {
            throw new HttpError(400, "invalidRequest",
                    "The registration does not include the '" + TEST_EVENT + "' event; register for it first.");
        }
        String correlationId = UUID.randomUUID().toString();
        dispatcher.publish(current, correlationId, TEST_EVENT, "test",
                baseUri.get() + "/webhooks/v1/registration/validationEvents/" + correlationId, null);
        ObjectNode body = Json.object();
        body.put("correlationId", correlationId);
        return Response.json(200, body);
    }

    /** {correlationId, partnerId, status, callbackUrl, results:[{responseCode, responseMessage, systemError, dateTimeUtc}]}. */
    private Response validationEvent(Request request) {
        String correlationId = request.pathParam("correlationId");
        Delivery delivery = dispatcher.find(correlationId)
                .orElseThrow(() -> new HttpError(404, "itemNotFound", "No validation event '" + correlationId + "'."));
        ObjectNode body = Json.object();
        body.put("correlationId", correlationId);
        body.put("partnerId", settings.organizationId());
        body.put("status", delivery.outcome() == Delivery.Outcome.PENDING ? "pending" : "completed");
        body.put("callbackUrl", delivery.registration().webhookUrl());
        ArrayNode results = body.putArray("results");
        for (Delivery.Attempt attempt : delivery.attempts()) {
            ObjectNode result = results.addObject();
            if (attempt.status() == null) {
                result.putNull("responseCode");
            } else {
                result.put("responseCode", statusName(attempt.status()));
            }
            result.put("responseMessage", attempt.error() == null ? "" : attempt.error());
            result.put("systemError", attempt.error() != null);
            result.put("dateTimeUtc", DATE_TIME_UTC.format(attempt.at()));
        }
        return Response.json(200, body);
    }

    /** The documented answer names the callback's status as .NET's HttpStatusCode does ("OK"). */
    private static String statusName(int status) {
        return STATUS_NAMES.getOrDefault(status, Integer.toString(status));
    }

    private synchronized void throttle(String caller) {
        Instant now = clock.instant();
        Deque<Instant> recent = validationRequests.computeIfAbsent(caller, c -> new ArrayDeque<>());
        for (Iterator<Instant> it = recent.iterator(); it.hasNext(); ) {
            if (!it.next().isAfter(now.minus(Duration.ofMinutes(1)))) {
                it.remove();
            }
        }
        if (recent.size() >= settings.validationEventsPerMinute()) {
            long wait = recent.isEmpty() ? 60
                    : Math.max(1, Duration.between(now, recent.peekFirst().plus(Duration.ofMinutes(1))).toSeconds() + 1);
            throw new HttpError(429, "tooManyRequests", "Rate limit is exceeded. Validation events are limited to "
                    + settings.validationEventsPerMinute() + " per minute. Try again in " + wait + " seconds.",
                    Long.toString(wait));
        }
        recent.addLast(now);
    }

    private WebhookRegistration parse(JsonNode body) {
        String url = field(body, "webhookUrl").asText("");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "invalidRequest", "WebhookUrl '" + url + "' is not a valid URL.");
        }
        if (!uri.isAbsolute() || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new HttpError(400, "invalidRequest", "WebhookUrl must be an absolute http(s) URL.");
        }
        JsonNode events = field(body, "webhookEvents");
        if (!events.isArray() || events.isEmpty()) {
            throw new HttpError(400, "invalidRequest", "WebhookEvents must list at least one event.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode event : events) {
            String name = event.asText();
            if (SUPPORTED_EVENTS.stream().noneMatch(name::equalsIgnoreCase)) {
                throw new HttpError(400, "invalidRequest", "Unknown webhook event '" + name + "'; GET "
                        + "/webhooks/v1/registration/events lists the supported ones.");
            }
            names.add(name);
        }
        boolean msSignatureHeader = field(body, "signatureTokenToMsSignatureHeader").asBoolean(false);
        return new WebhookRegistration(settings.organizationId(), url, List.copyOf(names), msSignatureHeader);
    }

    private static JsonNode field(JsonNode body, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return Json.MAPPER.missingNode();
    }

    private static ObjectNode toJson(WebhookRegistration registration) {
        ObjectNode body = Json.object();
        body.put("SubscriberId", registration.subscriberId());
        body.put("WebhookUrl", registration.webhookUrl());
        ArrayNode events = body.putArray("WebhookEvents");
        registration.webhookEvents().forEach(events::add);
        body.put("SignatureTokenToMsSignatureHeader", registration.msSignatureHeader());
        return body;
    }

    private static HttpError notRegistered() {
        return new HttpError(404, "itemNotFound", "No webhook registration exists for this partner.");
    }
}
