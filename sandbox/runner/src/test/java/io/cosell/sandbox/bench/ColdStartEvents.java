package io.cosell.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.shared.json.JsonSetup;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Realistic events for {@link ColdStartBenchmark}, each new: the fixtures under {@code events/} with what makes them
 * real filled in (a body signed by the Partner Center emulator, a sync message for a referral the emulator holds,
 * the current time).
 */
final class ColdStartEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PartnerCenterEmulator partnerCenter;

    ColdStartEvents(PartnerCenterEmulator partnerCenter) {
        this.partnerCenter = partnerCenter;
    }

    /** A Function URL event carrying a {@code referral-updated} notification, signed as Partner Center signs it. */
    byte[] signedWebhook() {
        ObjectNode event = fixture("function-url-signed-webhook.json");
        String body = "{\"EventName\":\"referral-updated\",\"ResourceUri\":\"" + partnerCenter.baseUri()
                + "/engagements/v1/referrals/" + UUID.randomUUID() + "\",\"ResourceName\":\"referral\","
                + "\"AuditUri\":null,\"ResourceChangeUtcDate\":\"" + Instant.now() + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ((ObjectNode) event.path("headers"))
                .put("content-length", Integer.toString(bytes.length))
                .put("x-ms-certificate-url", partnerCenter.webhookCertificateUrl().toString())
                .put("x-ms-signature", "Signature " + partnerCenter.signWebhookBody(bytes));
        ((ObjectNode) event.path("requestContext"))
                .put("requestId", UUID.randomUUID().toString())
                .put("timeEpoch", System.currentTimeMillis());
        event.put("body", body);
        return bytes(event);
    }

    /** An SQS batch of one PC_TO_CRM sync message for a referral that a Microsoft seller has just shared. */
    byte[] syncMessageForNewReferral() {
        SyncMessage message = new SyncMessage(SyncDirection.PC_TO_CRM, shareReferral(), null, "referral-created",
                Instant.now(), "cold-start-" + UUID.randomUUID());
        ObjectNode event = fixture("sqs-sync-message.json");
        ((ObjectNode) event.path("Records").path(0))
                .put("messageId", UUID.randomUUID().toString())
                .put("body", message.toJson(JsonSetup.newMapper()));
        return bytes(event);
    }

    byte[] schedule() {
        ObjectNode event = fixture("eventbridge-scheduled.json");
        event.put("id", UUID.randomUUID().toString()).put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return bytes(event);
    }

    byte[] registrationShow() {
        return bytes(fixture("registration-show.json"));
    }

    byte[] bare() {
        return bytes(json("bare-function.json"));
    }

    static int statusCode(String functionUrlAnswer) {
        return read(functionUrlAnswer).path("statusCode").asInt();
    }

    static int batchItemFailures(String sqsAnswer) {
        return read(sqsAnswer).path("batchItemFailures").size();
    }

    private String shareReferral() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String referral = """
                {"customerProfile": {"name": "Cold Start Customer %s", "address": {"city": "Cork", "postalCode": "T12 %s",
                 "country": "IE"}, "team": [{"firstName": "Niamh", "lastName": "Walsh", "email": "%s@coldstart.example"}]}}"""
                .formatted(suffix, suffix.substring(0, 4), suffix);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            partnerCenter.baseUri().resolve("/_sandbox/microsoft/referrals"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(referral)).build(), HttpResponse.BodyHandlers.ofString());
            return read(response.body()).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode fixture(String name) {
        return (ObjectNode) json(name);
    }

    private static JsonNode json(String name) {
        try (InputStream in = ColdStartEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture events/" + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
