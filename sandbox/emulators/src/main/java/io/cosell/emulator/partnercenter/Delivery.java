package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One webhook notification the emulator sends (or drops), with every attempt made, for {@code /_sandbox/deliveries}. */
final class Delivery {

    enum Outcome { PENDING, DELIVERED, FAILED, DROPPED }

    /** One POST to the webhook URL: the HTTP status, or the connection error. */
    record Attempt(Integer status, String error, Instant at) {
    }

    private final String id;
    private final String eventName;
    private final String referralId;
    private final String resourceUri;
    private final WebhookRegistration registration;
    private final byte[] body;
    private final String signature;
    private final String duplicateOf;
    private final List<Attempt> attempts = new ArrayList<>();
    private Outcome outcome = Outcome.PENDING;

    Delivery(String id, String eventName, String referralId, String resourceUri, WebhookRegistration registration,
             byte[] body, String signature, String duplicateOf) {
        this.id = id;
        this.eventName = eventName;
        this.referralId = referralId;
        this.resourceUri = resourceUri;
        this.registration = registration;
        this.body = body;
        this.signature = signature;
        this.duplicateOf = duplicateOf;
    }

    /** The same signed notification under another id (a duplicate send). */
    Delivery duplicate(String newId) {
        return new Delivery(newId, eventName, referralId, resourceUri, registration, body, signature, id);
    }

    String id() {
        return id;
    }

    WebhookRegistration registration() {
        return registration;
    }

    byte[] body() {
        return body.clone();
    }

    String signature() {
        return signature;
    }

    synchronized void record(Attempt attempt) {
        attempts.add(attempt);
    }

    synchronized void finish(Outcome result) {
        outcome = result;
    }

    synchronized Outcome outcome() {
        return outcome;
    }

    synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    synchronized ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("eventName", eventName);
        json.put("referralId", referralId);
        json.put("resourceUri", resourceUri);
        json.put("url", registration.webhookUrl());
        if (duplicateOf != null) {
            json.put("duplicateOf", duplicateOf);
        }
        ArrayNode list = json.putArray("attempts");
        for (Attempt attempt : attempts) {
            ObjectNode item = list.addObject();
            if (attempt.status() != null) {
                item.put("status", attempt.status());
            } else {
                item.put("error", attempt.error());
            }
            item.put("at", attempt.at().toString());
        }
        json.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        return json;
    }
}
