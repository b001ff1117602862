package io.cosell.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Holds the current {@link FaultSettings} of one emulator and applies them to API requests. */
public final class FaultInjector {

    private final AtomicReference<FaultSettings> settings = new AtomicReference<>(FaultSettings.NONE);
    private final AtomicLong injectedThrottles = new AtomicLong();
    private final AtomicLong injectedServerErrors = new AtomicLong();

    public FaultSettings current() {
        return settings.get();
    }

    public void set(FaultSettings next) {
        settings.set(next);
    }

    public void reset() {
        settings.set(FaultSettings.NONE);
    }

    /** Sleeps the configured latency, then may throw an injected 429 or 500. */
    public void beforeApiRequest() {
        FaultSettings s = settings.get();
        if (s.latencyMs() > 0) {
            try {
                Thread.sleep(s.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < s.throttleShare()) {
            injectedThrottles.incrementAndGet();
            throw new HttpError(429, "tooManyRequests",
                    "Rate limit is exceeded. Try again in " + s.retryAfterSeconds() + " seconds.",
                    Integer.toString(s.retryAfterSeconds()));
        }
        if (roll < s.throttleShare() + s.serverErrorShare()) {
            injectedServerErrors.incrementAndGet();
            throw new HttpError(500, "generalException", "Injected server error (sandbox fault injection).");
        }
    }

    /** True when this delivery should be dropped. */
    public boolean dropDelivery() {
        return ThreadLocalRandom.current().nextDouble() < settings.get().webhookDropShare();
    }

    /** True when this delivery should be sent twice. */
    public boolean duplicateDelivery() {
        return ThreadLocalRandom.current().nextDouble() < settings.get().webhookDuplicateShare();
    }

    /** {@code /_sandbox/faults}: GET shows, POST merges the given fields into the current settings, DELETE resets. */
    public Response control(Request request) {
        switch (request.method()) {
            case "GET" -> {
                return Response.json(200, toJson(current()));
            }
            case "DELETE" -> {
                reset();
                return Response.json(200, toJson(current()));
            }
            case "POST", "PUT" -> {
                JsonNode body = request.json();
                FaultSettings base = current();
                try {
                    FaultSettings next = new FaultSettings(
                            body.path("latencyMs").asLong(base.latencyMs()),
                            body.path("throttleShare").asDouble(base.throttleShare()),
                            body.path("serverErrorShare").asDouble(base.serverErrorShare()),
                            body.path("retryAfterSeconds").asInt(base.retryAfterSeconds()),
                            body.path("webhookDropShare").asDouble(base.webhookDropShare()),
                            body.path("webhookDuplicateShare").asDouble(base.webhookDuplicateShare()),
                            body.path("webhookReorder").asBoolean(base.webhookReorder()));
                    set(next);
                    return Response.json(200, toJson(next));
                } catch (IllegalArgumentException e) {
                    throw new HttpError(400, "invalidRequest", e.getMessage());
                }
            }
            default -> throw new HttpError(405, "methodNotAllowed", request.method() + " is not supported on /_sandbox/faults");
        }
    }

    /** How many 429 and 500 answers were injected since start (not reset by DELETE). */
    public long injectedThrottles() {
        return injectedThrottles.get();
    }

    public long injectedServerErrors() {
        return injectedServerErrors.get();
    }

    private ObjectNode toJson(FaultSettings s) {
        ObjectNode node = Json.object();
        node.put("latencyMs", s.latencyMs());
        node.put("throttleShare", s.throttleShare());
        node.put("serverErrorShare", s.serverErrorShare());
        node.put("retryAfterSeconds", s.retryAfterSeconds());
        node.put("webhookDropShare", s.webhookDropShare());
        node.put("webhookDuplicateShare", s.webhookDuplicateShare());
        node.put("webhookReorder", s.webhookReorder());
        ObjectNode injected = node.putObject("injected");
        injected.put("429", injectedThrottles.get());
        injected.put("500", injectedServerErrors.get());
        return node;
    }
}
