package io.cosell.shared.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.AccessTokenProvider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Sends requests to one API with a bearer token from an {@link AccessTokenProvider}: a 401 invalidates the token
 * and retries once; 429 and transient 5xx are retried per {@link RetryPolicy}, honouring {@code Retry-After}, never
 * past the invocation's deadline; a 429's {@code Retry-After} holds back every call of this client, those running
 * beside it included, until it ends ({@link ThrottleGate}), and the calls it lets run at once are learnt from the
 * answers ({@link AdaptiveConcurrency}); every attempt has the connect timeout of its {@link HttpClient} and a request
 * timeout (cut to the time left before the deadline).
 * Non-success answers that are not retried become an {@link ApiException}.
 *
 * <p>Only requests that are safe to repeat get those retries: GET, HEAD, OPTIONS, PUT, DELETE, a PATCH with
 * {@code If-Match} or {@code If-None-Match}, and what the caller vouches for ({@link #sendRepeatable}). Any other
 * request (a POST that creates, an action such as {@code WinOpportunity}) is repeated only when it provably did not
 * act: the connection was never established, or the answer refused it (429, or the 401 that renews the token). Any
 * other failure of such a request, a dropped connection, a timeout or a 5xx, is an {@link OutcomeUnknownException}
 * (neither API documents a 5xx that guarantees nothing was done).
 */
public final class ApiHttpClient {

    /** The least time an attempt is given: a retry that would start later than this before the deadline is not made. */
    static final Duration SHORTEST_ATTEMPT = Duration.ofSeconds(1);
    /** Calls at once a client starts with, and the most it grows to (the mapper's largest batch syncs at once). */
    static final int CONCURRENT_CALLS_START = 2;
    static final int CONCURRENT_CALLS_MOST = 10;

    private final HttpClient http;
    private final AccessTokenProvider tokens;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final Sleeper sleeper;
    private final CallEvents events;
    private final ThrottleGate gate;
    private final AdaptiveConcurrency concurrency;

    /** What the client reports as it goes (metrics): a 429 answer, an attempt sent again. */
    public interface CallEvents {
        CallEvents NONE = new CallEvents() {
        };

        default void throttled() {
        }

        default void retried() {
        }
    }

    /** Waits between attempts; tests replace it to record waits instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public ApiHttpClient(HttpClient http, AccessTokenProvider tokens, RetryPolicy retry, Duration requestTimeout,
                         ObjectMapper json) {
        this(http, tokens, retry, requestTimeout, json, d -> Thread.sleep(d.toMillis()));
    }

    public ApiHttpClient(HttpClient http, AccessTokenProvider tokens, RetryPolicy retry, Duration requestTimeout,
                         ObjectMapper json, Sleeper sleeper) {
        this(http, tokens, retry, requestTimeout, json, sleeper, CallEvents.NONE, new ThrottleGate(),
                new AdaptiveConcurrency(CONCURRENT_CALLS_START, CONCURRENT_CALLS_MOST));
    }

    private ApiHttpClient(HttpClient http, AccessTokenProvider tokens, RetryPolicy retry, Duration requestTimeout,
                          ObjectMapper json, Sleeper sleeper, CallEvents events, ThrottleGate gate,
                          AdaptiveConcurrency concurrency) {
        this.events = events;
        this.gate = gate;
        this.concurrency = concurrency;
        this.http = http;
        this.tokens = tokens;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.sleeper = sleeper;
    }

    /** The same client, reporting throttles and retries to {@code reported}. */
    public ApiHttpClient reporting(CallEvents reported) {
        return new ApiHttpClient(http, tokens, retry, requestTimeout, json, sleeper, reported, gate, concurrency);
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends the request built fresh by {@code request} for each attempt (a builder without the Authorization header)
     * and returns the successful answer, or throws {@link ApiException}.
     */
    public ApiResponse send(Supplier<HttpRequest.Builder> request) {
        return send(request, false);
    }

    /**
     * As {@link #send(Supplier)}, for a request the caller knows to be idempotent although its method and headers do
     * not say so (e.g. a Dataverse upsert by key: the same PATCH twice leaves the same record).
     */
    public ApiResponse sendRepeatable(Supplier<HttpRequest.Builder> request) {
        return send(request, true);
    }

    /** Whether repeating the request can never act twice, as far as its method and preconditions say. */
    static boolean isRepeatable(HttpRequest request) {
        return switch (request.method()) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE" -> true;
            case "PATCH" -> request.headers().firstValue("If-Match").isPresent()
                    || request.headers().firstValue("If-None-Match").isPresent();
            default -> false;
        };
    }

    private ApiResponse send(Supplier<HttpRequest.Builder> request, boolean vouchedRepeatable) {
        long started = System.nanoTime();
        boolean reauthenticated = false;
        int attempt = 0;
        Instant heldUntil = Instant.MIN;
        while (true) {
            attempt++;
            heldUntil = takeTurn(started, heldUntil);
            String token;
            HttpRequest built;
            try {
                token = tokens.accessToken();
                built = request.get()
                        .timeout(attemptTimeout())
                        .header("Authorization", "Bearer " + token)
                        .build();
            } catch (RuntimeException | Error notSent) {
                concurrency.leaveWithoutAnswer();
                throw notSent;
            }
            boolean repeatable = vouchedRepeatable || isRepeatable(built);
            HttpResponse<byte[]> response;
            try {
                response = sendInTurn(built);
            } catch (IOException e) {
                if (!repeatable && !neverConnected(e)) {
                    throw new OutcomeUnknownException(503, built.method() + " " + built.uri()
                            + " failed after it was sent, so it may have acted: " + e);
                }
                Duration wait = backoff(attempt);
                if (attempt >= retry.maxAttempts() || !fitsBudget(started, wait)) {
                    throw new ApiException(503, "networkError", built.method() + " " + built.uri() + " failed: " + e, null);
                }
                pause(wait);
                events.retried();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted", "interrupted while calling " + built.uri(), null);
            }
            int status = response.statusCode();
            if (status == 401 && !reauthenticated) {
                reauthenticated = true;
                tokens.invalidate(token);
                events.retried();
                continue;
            }
            ApiResponse answer = new ApiResponse(status, response.headers(), response.body(), attempt);
            if (answer.isSuccess() || status == 304) {
                return answer;
            }
            if (status == 429) {
                events.throttled();
            }
            Optional<Duration> retryAfter = answer.header("Retry-After").flatMap(ApiHttpClient::parseRetryAfter);
            if (!repeatable && status != 429 && RetryPolicy.isRetryable(status)) {
                throw new OutcomeUnknownException(status, built.method() + " " + built.uri() + " answered " + status
                        + ", which does not say whether it acted: " + toException(answer, null).getMessage());
            }
            if (status == 429 && retryAfter.isPresent()) {
                // sendInTurn closed the gate for this Retry-After; this call waits it out below, not again at the gate
                heldUntil = Instant.now().plus(retryAfter.get());
            }
            if (RetryPolicy.isRetryable(status) && attempt < retry.maxAttempts()) {
                Duration wait = retryAfter.isPresent() ? retryAfter.get() : backoff(attempt);
                if (fitsBudget(started, wait)) {
                    pause(wait);
                    events.retried();
                    continue;
                }
            }
            throw toException(answer, retryAfter.orElse(null));
        }
    }

    /**
     * Waits while a 429 answered to any call of this client holds calls back ({@link ThrottleGate}), unless this call
     * has already waited that long ({@code heldUntil}), and then for its turn after the gate opens; a wait past the
     * retry budget or the deadline is not made: the call fails as throttled, without a request. Answers until when
     * this call has now been held.
     */
    private Instant waitForGate(long startedNanos, Instant heldUntil) {
        Instant opensAt = gate.opensAt();
        while (opensAt.isAfter(heldUntil)) {
            Duration held = Duration.between(Instant.now(), opensAt);
            if (held.isPositive()) {
                Duration turn = held.plus(gate.turnAfterOpening());
                if (!fitsBudget(startedNanos, turn)) {
                    throw new ApiException(429, "throttled", "not sent: the API's Retry-After holds calls back until "
                            + opensAt, held);
                }
                pause(turn);
            }
            heldUntil = opensAt;
            opensAt = gate.opensAt();
        }
        return heldUntil;
    }

    /**
     * Waits for the gate ({@link #waitForGate}), then for a slot among the calls this client lets run at once
     * ({@link AdaptiveConcurrency}), no longer than the retry budget and the deadline allow: past that the call fails
     * as throttled, without a request. A gate closed while the call waited for its slot is waited for again. Answers
     * until when this call has been held; on return it holds a slot, which {@link #sendInTurn} gives back.
     */
    private Instant takeTurn(long startedNanos, Instant heldUntil) {
        while (true) {
            heldUntil = waitForGate(startedNanos, heldUntil);
            boolean entered;
            try {
                entered = concurrency.enter(patience(startedNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted", "interrupted while waiting to call the API", null);
            }
            if (!entered) {
                throw new ApiException(429, "throttled", "not sent: the API took " + concurrency.limit() + " calls at "
                        + "once lately, and none of them ended within the retry budget", null);
            }
            if (!gate.opensAt().isAfter(heldUntil)) {
                return heldUntil;
            }
            concurrency.leaveWithoutAnswer();
        }
    }

    /**
     * Sends in the turn {@link #takeTurn} gave, and gives the slot back with what the answer says; a 429's
     * {@code Retry-After} closes the gate before the slot is free for another call.
     */
    private HttpResponse<byte[]> sendInTurn(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | RuntimeException | InterruptedException | Error noAnswer) {
            concurrency.leaveWithoutAnswer();
            throw noAnswer;
        }
        boolean throttled = response.statusCode() == 429;
        if (throttled) {
            response.headers().firstValue("Retry-After").flatMap(ApiHttpClient::parseRetryAfter)
                    .ifPresent(wait -> gate.closeUntil(Instant.now().plus(wait)));
        }
        concurrency.leave(throttled);
        return response;
    }

    /** How long a call may wait for its turn: the rest of its retry budget, ending an attempt before the deadline. */
    private Duration patience(long startedNanos) {
        Duration budgetLeft = retry.budget().minus(Duration.ofNanos(System.nanoTime() - startedNanos));
        return retry.deadline().current()
                .map(deadline -> Duration.between(Instant.now(), deadline).minus(SHORTEST_ATTEMPT))
                .filter(deadlineLeft -> deadlineLeft.compareTo(budgetLeft) < 0)
                .orElse(budgetLeft);
    }

    /** The request never reached the server: refused or timed-out connects. */
    private static boolean neverConnected(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
    }

    private boolean fitsBudget(long startedNanos, Duration wait) {
        Duration spent = Duration.ofNanos(System.nanoTime() - startedNanos);
        boolean withinBudget = spent.plus(wait).compareTo(retry.budget()) <= 0;
        boolean beforeDeadline = retry.deadline().current()
                .map(deadline -> !Instant.now().plus(wait).plus(SHORTEST_ATTEMPT).isAfter(deadline))
                .orElse(true);
        return withinBudget && beforeDeadline;
    }

    /** The request timeout, cut to the time left before the invocation's deadline (an attempt never outlives it). */
    private Duration attemptTimeout() {
        return retry.deadline().current()
                .map(deadline -> Duration.between(Instant.now(), deadline))
                .map(left -> left.compareTo(requestTimeout) < 0 ? max(left, SHORTEST_ATTEMPT) : requestTimeout)
                .orElse(requestTimeout);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Full-jitter exponential backoff: random in [0, min(maxDelay, base * 2^(attempt-1))]. */
    private Duration backoff(int attempt) {
        long cap = Math.min(retry.maxDelay().toMillis(), retry.baseDelay().toMillis() * (1L << Math.min(20, attempt - 1)));
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "interrupted while waiting to retry", wait);
        }
    }

    /** Retry-After is either delta-seconds or an HTTP date. */
    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private ApiException toException(ApiResponse answer, Duration retryAfter) {
        String code = "";
        String message = answer.bodyText();
        try {
            JsonNode body = json.readTree(answer.body());
            if (body != null && body.has("error")) {
                JsonNode error = body.get("error");
                if (error.isObject()) {
                    code = error.path("code").asText("");
                    message = error.path("message").asText(message);
                } else {
                    code = error.asText();
                    message = body.path("error_description").asText(message);
                }
            } else if (body != null && body.has("message")) {
                message = body.get("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw text as the message
        }
        return new ApiException(answer.status(), code, message, retryAfter);
    }
}
