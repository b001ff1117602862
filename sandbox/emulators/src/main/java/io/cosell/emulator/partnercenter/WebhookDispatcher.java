package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.FaultInjector;
import io.cosell.emulator.http.FaultSettings;
import io.cosell.emulator.http.HttpError;
import io.cosell.emulator.http.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Sends signed webhook notifications asynchronously, each on its own virtual thread. A delivery is retried on a
 * non-2xx answer or a connection error with doubling delays, up to {@code deliveryMaxAttempts} attempts in total
 * (Partner Center: 10), then given up for good (outcome {@code failed}), as Partner Center does. The fault settings
 * can drop a notification, send it twice, or hold each one back until the next one has been sent.
 */
final class WebhookDispatcher implements AutoCloseable {

    private static final DateTimeFormatter CHANGE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSxxx").withZone(ZoneOffset.UTC);

    private final PartnerCenterSettings settings;
    private final WebhookSigner signer;
    private final FaultInjector faults;
    private final Supplier<URI> baseUri;
    private final HttpClient http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    private List<Delivery> heldBack = List.of();

    WebhookDispatcher(PartnerCenterSettings settings, WebhookSigner signer, FaultInjector faults,
                      Supplier<URI> baseUri) {
        this.settings = settings;
        this.signer = signer;
        this.faults = faults;
        this.baseUri = baseUri;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.deliveryTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Signs and queues one notification {@code {"EventName","ResourceUri","ResourceName","AuditUri",
     * "ResourceChangeUtcDate"}} to the registration's URL and returns its record.
     */
    Delivery publish(WebhookRegistration registration, String deliveryId, String eventName, String resourceName,
                     String resourceUri, String referralId) {
        ObjectNode payload = Json.object();
        payload.put("EventName", eventName);
        payload.put("ResourceUri", resourceUri);
        payload.put("ResourceName", resourceName);
        payload.putNull("AuditUri");
        payload.put("ResourceChangeUtcDate", CHANGE_DATE.format(Instant.now()));
        byte[] body = Json.bytes(payload);
        Delivery delivery = new Delivery(deliveryId, eventName, referralId, resourceUri, registration, body,
                signer.sign(body), null);
        remember(delivery);
        if (faults.dropDelivery()) {
            delivery.finish(Delivery.Outcome.DROPPED);
            return delivery;
        }
        List<Delivery> batch = new ArrayList<>();
        batch.add(delivery);
        if (faults.duplicateDelivery()) {
            batch.add(remember(delivery.duplicate(UUID.randomUUID().toString())));
        }
        List<Delivery> toSend = releaseOrHold(batch, faults.current());
        if (!toSend.isEmpty()) {
            executor.submit(() -> toSend.forEach(this::deliver));
        }
        return delivery;
    }

    /** Sends a recorded delivery again (same body, same signature); its new attempts are added to its record. */
    Delivery redeliver(String deliveryId) {
        Delivery delivery = find(deliveryId)
                .orElseThrow(() -> new HttpError(404, "itemNotFound", "No delivery '" + deliveryId + "'."));
        delivery.finish(Delivery.Outcome.PENDING);
        executor.submit(() -> deliver(delivery));
        return delivery;
    }

    synchronized Optional<Delivery> find(String deliveryId) {
        return Optional.ofNullable(deliveries.get(deliveryId));
    }

    synchronized List<Delivery> all() {
        return List.copyOf(deliveries.values());
    }

    /** With reordering on, a batch waits until the next one; the next one is then sent first. */
    private synchronized List<Delivery> releaseOrHold(List<Delivery> batch, FaultSettings current) {
        if (!heldBack.isEmpty()) {
            List<Delivery> release = new ArrayList<>(batch);
            release.addAll(heldBack);
            heldBack = List.of();
            return release;
        }
        if (current.webhookReorder()) {
            heldBack = List.copyOf(batch);
            return List.of();
        }
        return batch;
    }

    private synchronized Delivery remember(Delivery delivery) {
        deliveries.put(delivery.id(), delivery);
        return delivery;
    }

    private void deliver(Delivery delivery) {
        for (int attempt = 1; attempt <= settings.deliveryMaxAttempts(); attempt++) {
            if (attempt > 1 && !pause(attempt)) {
                return;
            }
            if (send(delivery)) {
                delivery.finish(Delivery.Outcome.DELIVERED);
                return;
            }
        }
        delivery.finish(Delivery.Outcome.FAILED);
    }

    private boolean send(Delivery delivery) {
        WebhookRegistration registration = delivery.registration();
        String signatureHeader = registration.msSignatureHeader() ? "x-ms-signature" : "Authorization";
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(registration.webhookUrl()))
                    .timeout(settings.deliveryTimeout())
                    .header("Content-Type", "application/json")
                    .header(signatureHeader, "Signature " + delivery.signature())
                    .header("x-ms-certificate-url", baseUri.get() + WebhookSigner.CERTIFICATE_PATH)
                    .header("x-ms-signature-algorithm", WebhookSigner.ALGORITHM)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            delivery.record(new Delivery.Attempt(status, null, Instant.now()));
            return status >= 200 && status < 300;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delivery.record(new Delivery.Attempt(null, "interrupted", Instant.now()));
            return false;
        } catch (Exception e) {
            delivery.record(new Delivery.Attempt(null, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    Instant.now()));
            return false;
        }
    }

    /** Waits base * 2^(attempt-2), capped; false when interrupted (the emulator is closing). */
    private boolean pause(int attempt) {
        long base = settings.deliveryBaseDelay().toMillis();
        long delay = Math.min(settings.deliveryMaxDelay().toMillis(), base << Math.min(20, attempt - 2));
        try {
            Thread.sleep(Duration.ofMillis(delay));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
