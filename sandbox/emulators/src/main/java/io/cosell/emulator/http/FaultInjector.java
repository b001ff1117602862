package io.cosell.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link FaultSettings} of one emulator and applies them to API requests, and the rules of the fault
 * "act, then lose the answer" ({@link LostAnswer}, set as {@code "loseAnswers": [{"method", "path", "times",
 * "holdMs"}]} through {@code POST /_sandbox/faults}; the list given replaces the current one, DELETE clears it).
 */
public final class FaultInjector {

    private final AtomicReference<FaultSettings> settings = new AtomicReference<>(FaultSettings.NONE);
    private final AtomicLong injectedThrottles = new AtomicLong();
    private final AtomicLong injectedServerErrors = new AtomicLong();
    private final AtomicLong lostAnswers = new AtomicLong();
    /** Rules of "act, then lose the answer" with the answers each may still lose; guarded by {@code this}. */
    private final List<LostAnswer> loseAnswers = new ArrayList<>();

    public FaultSettings current() {
        return settings.get();
    }

    public void set(FaultSettings next) {
        settings.set(next);
    }

    public void reset() {
        settings.set(FaultSettings.NONE);
        setLostAnswers(List.of());
    }

    /** Replaces the "act, then lose the answer" rules. */
    public synchronized void setLostAnswers(List<LostAnswer> rules) {
        loseAnswers.clear();
        loseAnswers.addAll(rules);
    }

    /** The rules with the answers each may still lose. */
    public synchronized List<LostAnswer> lostAnswerRules() {
        return List.copyOf(loseAnswers);
    }

    /**
     * Whether the answer of this applied request is to be lost; counts it against the first matching rule. Returns
     * how long to hold the connection before closing it, or -1 to answer normally.
     */
    public synchronized long loseAnswer(String method, String path, int status) {
        if (status < 200 || status >= 300) {
            return -1;
        }
        for (int i = 0; i < loseAnswers.size(); i++) {
            LostAnswer rule = loseAnswers.get(i);
            if (rule.matches(method, path)) {
                if (rule.times() == 1) {
                    loseAnswers.remove(i);
                } else {
                    loseAnswers.set(i, new LostAnswer(rule.method(), rule.path(), rule.times() - 1, rule.holdMs()));
                }
                lostAnswers.incrementAndGet();
                return rule.holdMs();
            }
        }
        return -1;
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
                    if (body.has("loseAnswers")) {
                        setLostAnswers(lostAnswers(body.get("loseAnswers")));
                    }
                    set(next);
                    return Response.json(200, toJson(next));
                } catch (IllegalArgumentException e) {
                    throw new HttpError(400, "invalidRequest", e.getMessage());
                }
            }
            default -> throw new HttpError(405, "methodNotAllowed", request.method() + " is not supported on /_sandbox/faults");
        }
    }

    private static List<LostAnswer> lostAnswers(JsonNode rules) {
        if (!rules.isArray()) {
            throw new IllegalArgumentException("loseAnswers must be an array of {method, path, times, holdMs}");
        }
        List<LostAnswer> parsed = new ArrayList<>();
        for (JsonNode rule : rules) {
            parsed.add(new LostAnswer(rule.path("method").asText(""), rule.path("path").asText(""),
                    rule.path("times").asInt(1), rule.path("holdMs").asLong(0)));
        }
        return parsed;
    }

    /** How many answers were lost on purpose since start (not reset by DELETE). */
    public long lostAnswers() {
        return lostAnswers.get();
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
        injected.put("lostAnswers", lostAnswers.get());
        var rules = node.putArray("loseAnswers");
        for (LostAnswer rule : lostAnswerRules()) {
            rules.addObject().put("method", rule.method()).put("path", rule.path()).put("times", rule.times())
                    .put("holdMs", rule.holdMs());
        }
        return node;
    }
}
