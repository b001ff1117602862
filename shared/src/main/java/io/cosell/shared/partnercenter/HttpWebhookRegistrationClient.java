package io.cosell.shared.partnercenter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.ApiResponse;
import io.cosell.shared.referral.ReferralJson;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link WebhookRegistrationClient} over HTTP. The webhooks API lives on the classic Partner Center host, so the
 * {@link ApiHttpClient} needs a token for {@value #AUDIENCE} (scope {@value #SCOPE}), not the Referrals API's.
 * Field names are matched case-insensitively (the docs write PascalCase, the swagger camelCase).
 */
public final class HttpWebhookRegistrationClient implements WebhookRegistrationClient {

    public static final String AUDIENCE = "https://api.partnercenter.microsoft.com";
    public static final String SCOPE = AUDIENCE + "/.default";
    public static final URI PRODUCTION_BASE_URI = URI.create(AUDIENCE);

    private static final String PATH = "/webhooks/v1/registration";

    private final ApiHttpClient http;
    private final URI baseUri;
    private final ReferralJson json;

    public HttpWebhookRegistrationClient(ApiHttpClient http, URI baseUri, ObjectMapper json) {
        this.http = http;
        this.baseUri = baseUri;
        this.json = new ReferralJson(json);
    }

    @Override
    public Optional<WebhookRegistration> current() {
        try {
            return Optional.of(parse(send(() -> request(PATH).GET())));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public RegistrationChange register(URI url, Set<String> events, boolean signatureInMsSignatureHeader) {
        Optional<WebhookRegistration> before = current();
        if (before.isPresent() && before.get().sameAs(url, events, signatureInMsSignatureHeader)) {
            return new RegistrationChange(before, before.get(), RegistrationChange.Action.UNCHANGED);
        }
        byte[] body = json.write(body(url, events, signatureInMsSignatureHeader));
        if (before.isPresent()) {
            return new RegistrationChange(before, put(body), RegistrationChange.Action.UPDATED);
        }
        try {
            WebhookRegistration created = parse(send(() -> request(PATH)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
            return new RegistrationChange(before, created, RegistrationChange.Action.CREATED);
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            // someone registered between our GET and POST: take over as with any other registration
            return new RegistrationChange(current(), put(body), RegistrationChange.Action.UPDATED);
        }
    }

    @Override
    public String sendValidationEvent() {
        JsonNode body = json.readTree(send(() -> request(PATH + "/validationEvents")
                .POST(HttpRequest.BodyPublishers.noBody())).body());
        String correlationId = field(body, "correlationId").asText("");
        if (correlationId.isBlank()) {
            throw new IllegalStateException("Partner Center answered the validation event request without a correlationId");
        }
        return correlationId;
    }

    @Override
    public Optional<ValidationEvent> validationEvent(String correlationId) {
        ApiResponse response;
        try {
            response = send(() -> request(PATH + "/validationEvents/"
                    + URLEncoder.encode(correlationId, StandardCharsets.UTF_8)).GET());
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
        JsonNode body = json.readTree(response.body());
        List<ValidationEvent.Attempt> attempts = new ArrayList<>();
        field(body, "results").forEach(result -> attempts.add(new ValidationEvent.Attempt(
                field(result, "responseCode").asText(null), field(result, "responseMessage").asText(""),
                field(result, "systemError").asBoolean(false))));
        return Optional.of(new ValidationEvent(correlationId, field(body, "status").asText(""),
                field(body, "callbackUrl").asText(null), attempts));
    }

    @Override
    public List<String> supportedEvents() {
        JsonNode names = json.readTree(send(() -> request(PATH + "/events").GET()).body());
        List<String> events = new ArrayList<>();
        names.forEach(name -> events.add(name.asText()));
        return events;
    }

    private WebhookRegistration put(byte[] body) {
        return parse(send(() -> request(PATH).PUT(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    /** The body Microsoft documents for referral connectors. */
    /** The body of a registration's POST or PUT. */
    record RegistrationBody(@JsonProperty("WebhookUrl") String webhookUrl,
                            @JsonProperty("WebhookEvents") List<String> webhookEvents,
                            boolean signatureTokenToMsSignatureHeader) {
    }

    private static RegistrationBody body(URI url, Set<String> events, boolean msSignatureHeader) {
        return new RegistrationBody(url.toString(), List.copyOf(events), msSignatureHeader);
    }

    private WebhookRegistration parse(ApiResponse response) {
        JsonNode body = json.readTree(response.body());
        Set<String> events = new HashSet<>();
        field(body, "webhookEvents").forEach(event -> events.add(event.asText()));
        return new WebhookRegistration(field(body, "subscriberId").asText(null),
                URI.create(field(body, "webhookUrl").asText()), events,
                field(body, "signatureTokenToMsSignatureHeader").asBoolean(false));
    }

    private static JsonNode field(JsonNode body, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return body.path(name);
    }

    private ApiResponse send(Supplier<HttpRequest.Builder> request) {
        String correlationId = UUID.randomUUID().toString();
        return http.send(() -> request.get().header("MS-CorrelationId", correlationId));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUri + path))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }
}
