package io.cosell.shared.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.partnercenter.HttpWebhookRegistrationClient;
import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.usecase.WebhookDelivery;
import io.cosell.shared.webhook.SignaturePolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.TrustAnchor;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Real signed webhook deliveries: the Partner Center emulator (with its Entra emulator) registered to send the
 * referral events and {@code test-created} to a local capturing URL. Creating a referral "as Microsoft" makes the
 * emulator deliver a signed {@code referral-created}; the capture hands it back as a {@link WebhookDelivery}.
 */
public final class PartnerCenterWebhooks implements AutoCloseable {

    public static final String SANDBOX_ORGANIZATION = "Co-sell Sandbox";

    private static final String WEBHOOK_PATH = "/webhook";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(20);

    private final EntraEmulator entra;
    private final PartnerCenterEmulator partnerCenter;
    private final StubHttpServer capture;
    private final HttpWebhookRegistrationClient registrations;

    private PartnerCenterWebhooks() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        capture = StubHttpServer.start().answer(WEBHOOK_PATH, 200, Map.of(), new byte[0]);
        registrations = new HttpWebhookRegistrationClient(new ApiHttpClient(HTTP,
                SandboxTokens.clientCredentials(entra, HttpWebhookRegistrationClient.SCOPE),
                RetryPolicy.defaults(), Duration.ofSeconds(10), TestJson.MAPPER), partnerCenter.baseUri(), TestJson.MAPPER);
    }

    /** Starts the emulators and registers the capture with the signature in {@code Authorization}. */
    public static PartnerCenterWebhooks start() {
        PartnerCenterWebhooks webhooks = new PartnerCenterWebhooks();
        webhooks.register(false);
        return webhooks;
    }

    public PartnerCenterEmulator partnerCenter() {
        return partnerCenter;
    }

    /** (Re-)registers the capture; {@code signatureInMsSignatureHeader} is the registration's documented flag. */
    public void register(boolean signatureInMsSignatureHeader) {
        Set<String> events = new LinkedHashSet<>(ReferralEvents.ALL_REFERRAL_EVENTS);
        events.add(ReferralEvents.TEST_CREATED);
        registrations.register(capture.url(WEBHOOK_PATH), events, signatureInMsSignatureHeader);
    }

    /**
     * What the sandbox trusts: the emulator's root CA only (the intermediate comes from the signing certificate's
     * Authority Information Access URL), its own host over http under its certificate path, its CAs' organisation.
     */
    public SignaturePolicy sandboxPolicy() {
        return new SignaturePolicy(Set.of(), Set.of(partnerCenter.baseUri().getHost()),
                PartnerCenterEmulator.certificatePathPrefix(),
                Set.of(new TrustAnchor(partnerCenter.signingCaCertificate(), null)), List.of(), SANDBOX_ORGANIZATION);
    }

    /** Creates an incoming referral as Microsoft would; returns its id. */
    public String createReferral() {
        JsonNode created = post(partnerCenter.baseUri() + "/_sandbox/microsoft/referrals", "{}");
        return created.path("id").asText();
    }

    /** Creates a referral and returns the signed {@code referral-created} delivery the emulator sent for it. */
    public WebhookDelivery referralCreated() {
        return deliveryFor(createReferral());
    }

    /** {@code count} referral-created deliveries, one per new referral. */
    public List<WebhookDelivery> referralsCreated(int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> createReferral()).toList();
        return ids.stream().map(this::deliveryFor).toList();
    }

    /** Asks for a validation event (documented: throttled to 2 a minute) and returns the signed delivery. */
    public WebhookDelivery testEvent() {
        String correlationId = post(partnerCenter.baseUri() + "/webhooks/v1/registration/validationEvents",
                "", SandboxTokens.clientCredentials(entra, HttpWebhookRegistrationClient.SCOPE).accessToken())
                .path("correlationId").asText();
        return deliveryFor(correlationId);
    }

    /** The first (or, after re-deliveries, the {@code nth}, 0-based) captured delivery that names {@code id}. */
    public WebhookDelivery deliveryFor(String id, int nth) {
        return await().atMost(DELIVERY_WAIT).until(() -> captured(id, nth), Optional::isPresent).orElseThrow();
    }

    public WebhookDelivery deliveryFor(String id) {
        return deliveryFor(id, 0);
    }

    /** Makes the emulator send the delivery for {@code referralId} again (same body, same signature). */
    public void redeliver(String referralId) {
        try {
            JsonNode deliveries = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                            URI.create(partnerCenter.baseUri() + "/_sandbox/deliveries")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode delivery : deliveries) {
                if (referralId.equals(delivery.path("referralId").asText())) {
                    post(partnerCenter.baseUri() + "/_sandbox/deliveries/" + delivery.path("id").asText()
                            + "/redeliver", "");
                    return;
                }
            }
            throw new IllegalStateException("no delivery for referral " + referralId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Optional<WebhookDelivery> captured(String id, int nth) {
        return capture.requests(WEBHOOK_PATH).stream()
                .filter(request -> new String(request.body(), StandardCharsets.UTF_8).contains(id))
                .skip(nth)
                .findFirst()
                .map(request -> new WebhookDelivery(request.headers(), request.body(), request.at()));
    }

    private static JsonNode post(String url, String body) {
        return post(url, body, null);
    }

    private static JsonNode post(String url, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        capture.close();
        partnerCenter.close();
        entra.close();
    }
}
