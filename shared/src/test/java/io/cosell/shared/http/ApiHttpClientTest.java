package io.cosell.shared.http;

import io.cosell.shared.testsupport.TestJson;
import io.cosell.emulator.http.Authenticator;
import io.cosell.emulator.http.EmulatorServer;
import io.cosell.emulator.http.ErrorFormat;
import io.cosell.emulator.http.FaultInjector;
import io.cosell.emulator.http.Handler;
import io.cosell.emulator.http.Json;
import io.cosell.emulator.http.LostAnswer;
import io.cosell.emulator.http.Request;
import io.cosell.emulator.http.Response;
import io.cosell.emulator.http.Router;
import io.cosell.shared.auth.AccessTokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The retry and re-authentication rules of {@link ApiHttpClient}, over real HTTP against a scripted server. */
class ApiHttpClientTest {

    private static final Queue<Response> script = new ConcurrentLinkedQueue<>();
    private static final List<Request> received = new CopyOnWriteArrayList<>();
    private static EmulatorServer server;
    private static final FaultInjector faults = new FaultInjector();

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final CountingTokens tokens = new CountingTokens();

    /** Hands out token-1, token-2, ... : a new one after every invalidate() of the current one. */
    private static final class CountingTokens implements AccessTokenProvider {
        final AtomicInteger invalidations = new AtomicInteger();

        @Override
        public String accessToken() {
            return "token-" + (invalidations.get() + 1);
        }

        @Override
        public void invalidate(String rejected) {
            if (rejected.equals(accessToken())) {
                invalidations.incrementAndGet();
            }
        }
    }

    @BeforeAll
    static void startScriptedServer() {
        Handler scripted = request -> {
            received.add(request);
            Response next = script.poll();
            return next != null ? next : Response.text(599, "text/plain", "script exhausted");
        };
        Router router = new Router().get("/things/{id}", scripted).post("/things", scripted).patch("/things/{id}", scripted);
        server = EmulatorServer.start("scripted", 0, router, ErrorFormat.ODATA, Authenticator.NONE, faults);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void clearScript() {
        script.clear();
        received.clear();
        faults.reset();
    }

    private ApiHttpClient client(RetryPolicy policy) {
        return new ApiHttpClient(ApiHttpClient.defaultHttpClient(), tokens, policy, Duration.ofSeconds(5), TestJson.MAPPER, waits::add);
    }

    private static HttpRequest.Builder getThing(URI base) {
        return HttpRequest.newBuilder(base.resolve("/things/42")).GET();
    }

    private static Response ok() {
        return Response.json(200, Json.object().put("id", "42"));
    }

    private static Response error(int status, String code, String message) {
        var body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        return Response.json(status, body);
    }

    @Test
    void a_429_holds_back_the_clients_next_call_until_its_retry_after_ends() {
        // given: a call that drew a 429 with Retry-After 2 s, then succeeded (the recording sleeper lets no time pass)
        ApiHttpClient client = client(RetryPolicy.defaults());
        script.add(error(429, "tooManyRequests", "slow down").header("Retry-After", "2"));
        script.add(ok());
        client.send(() -> getThing(server.baseUri()));
        script.add(ok());

        // when: another call of the same client, as a record syncing beside the first would make
        client.send(() -> getThing(server.baseUri()));

        // then: it waited for the rest of the Retry-After, and its turn within the reopening spread, before it was sent
        assertThat(waits).hasSize(2);
        assertThat(waits.get(1)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2).plus(ThrottleGate.REOPENING_SPREAD));
        assertThat(received).hasSize(3);
    }

    @Test
    void a_call_that_the_gate_would_hold_past_its_budget_fails_as_throttled_without_a_request() {
        // given: a 429 whose Retry-After (60 s) is past the retry budget (30 s)
        ApiHttpClient client = client(RetryPolicy.defaults());
        script.add(error(429, "tooManyRequests", "slow down").header("Retry-After", "60"));
        assertThatThrownBy(() -> client.send(() -> getThing(server.baseUri()))).isInstanceOf(ApiException.class);

        // when
        ApiException held = catchThrowableOfType(ApiException.class, () -> client.send(() -> getThing(server.baseUri())));

        // then
        assertThat(held.status()).isEqualTo(429);
        assertThat(held.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isGreaterThan(Duration.ofSeconds(55)));
        assertThat(received).hasSize(1);
    }

    @Test
    void throttled_call_waits_the_retry_after_seconds_then_succeeds() {
        // given
        script.add(error(429, "tooManyRequests", "slow down").header("Retry-After", "2"));
        script.add(ok());

        // when
        ApiResponse response = client(RetryPolicy.defaults()).send(() -> getThing(server.baseUri()));

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void throttles_and_retries_are_reported_as_they_happen() {
        // given
        List<String> events = new CopyOnWriteArrayList<>();
        ApiHttpClient reporting = client(RetryPolicy.defaults()).reporting(new ApiHttpClient.CallEvents() {
            @Override
            public void throttled() {
                events.add("throttled");
            }

            @Override
            public void retried() {
                events.add("retried");
            }
        });
        script.add(error(429, "tooManyRequests", "slow down").header("Retry-After", "1"));
        script.add(error(503, "serviceNotAvailable", "busy"));
        script.add(ok());

        // when
        reporting.send(() -> getThing(server.baseUri()));

        // then
        assertThat(events).containsExactly("throttled", "retried", "retried");
    }

    @Test
    void retry_after_as_http_date_is_honoured() {
        // given
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        script.add(error(503, "serviceNotAvailable", "busy").header("Retry-After", inTenSeconds));
        script.add(ok());

        // when
        ApiResponse response = client(RetryPolicy.defaults()).send(() -> getThing(server.baseUri()));

        // then: the date has one-second resolution
        assertThat(response.status()).isEqualTo(200);
        assertThat(waits).singleElement().satisfies(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
    }

    @Test
    void backoff_without_retry_after_stays_within_the_exponential_bounds() {
        // given
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            script.add(error(500, "generalException", "boom"));
        }
        script.add(ok());

        // when
        ApiResponse response = client(policy).send(() -> getThing(server.baseUri()));

        // then: attempt n waits at most min(maxDelay, base * 2^(n-1))
        assertThat(response.attempts()).isEqualTo(6);
        assertThat(waits).hasSize(5);
        List<Duration> caps = List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(300));
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i)).isBetween(Duration.ZERO, caps.get(i));
        }
    }

    @Test
    void wait_beyond_the_budget_ends_the_call_with_the_servers_retry_after() {
        // given
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));
        script.add(error(429, "tooManyRequests", "Rate limit is exceeded. Try again in 57 seconds.")
                .header("Retry-After", "57"));

        // when
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(policy).send(() -> getThing(server.baseUri())));

        // then
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(57));
        assertThat(e.isTransient()).isTrue();
        assertThat(waits).isEmpty();
        assertThat(received).hasSize(1);
    }

    @Test
    void a_wait_that_would_end_past_the_invocations_deadline_ends_the_call_at_once() {
        // given: 4 s left in the invocation, the server asks for 5 s
        Instant deadline = Instant.now().plusSeconds(4);
        RetryPolicy policy = RetryPolicy.defaults().within(() -> Optional.of(deadline));
        script.add(error(429, "tooManyRequests", "Rate limit is exceeded.").header("Retry-After", "5"));

        // when
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(policy).send(() -> getThing(server.baseUri())));

        // then
        assertThat(e.status()).isEqualTo(429);
        assertThat(waits).isEmpty();
        assertThat(received).hasSize(1);
    }

    @Test
    void a_wait_that_ends_well_before_the_invocations_deadline_is_made() {
        // given: 60 s left, the server asks for 5 s
        Instant deadline = Instant.now().plusSeconds(60);
        RetryPolicy policy = RetryPolicy.defaults().within(() -> Optional.of(deadline));
        script.add(error(429, "tooManyRequests", "Rate limit is exceeded.").header("Retry-After", "5"));
        script.add(ok());

        // when
        ApiResponse answer = client(policy).send(() -> getThing(server.baseUri()));

        // then
        assertThat(answer.status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void unauthorized_invalidates_the_token_and_retries_once_with_a_new_one() {
        // given
        script.add(error(401, "unauthenticated", "token expired"));
        script.add(ok());

        // when
        ApiResponse response = client(RetryPolicy.defaults()).send(() -> getThing(server.baseUri()));

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(tokens.invalidations).hasValue(1);
        assertThat(received).extracting(r -> r.header("Authorization").orElseThrow())
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void second_unauthorized_is_not_retried_again() {
        // given
        script.add(error(401, "unauthenticated", "token expired"));
        script.add(error(401, "unauthenticated", "still not valid"));
        script.add(ok());

        // when
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(RetryPolicy.defaults()).send(() -> getThing(server.baseUri())));

        // then
        assertThat(e.status()).isEqualTo(401);
        assertThat(tokens.invalidations).hasValue(1);
        assertThat(received).hasSize(2);
    }

    @Test
    void not_found_becomes_an_api_exception_with_the_documented_code_and_message() {
        // given
        script.add(error(404, "itemNotFound", "Referral 42 was not found."));

        // when
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(RetryPolicy.defaults()).send(() -> getThing(server.baseUri())));

        // then
        assertThat(e.isNotFound()).isTrue();
        assertThat(e.code()).isEqualTo("itemNotFound");
        assertThat(e).hasMessageContaining("Referral 42 was not found.");
        assertThat(waits).isEmpty();
    }

    @Test
    void refused_connection_is_retried_then_reported() {
        // given a port nobody listens on
        EmulatorServer gone = EmulatorServer.start("gone", 0, new Router(), ErrorFormat.ODATA, Authenticator.NONE,
                new FaultInjector());
        URI closed = gone.baseUri();
        gone.close();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));

        // when
        ApiException e = catchThrowableOfType(ApiException.class, () -> client(policy).send(() -> getThing(closed)));

        // then
        assertThat(e.code()).isEqualTo("networkError");
        assertThat(e.isTransient()).isTrue();
        assertThat(waits).hasSize(2);
    }

    // ---- requests that are not safe to repeat

    private static HttpRequest.Builder postThing(URI base) {
        return HttpRequest.newBuilder(base.resolve("/things")).POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    private static HttpRequest.Builder patchThing(URI base) {
        return HttpRequest.newBuilder(base.resolve("/things/42")).method("PATCH", HttpRequest.BodyPublishers.ofString("{}"));
    }

    private static Response created() {
        return Response.json(201, Json.object().put("id", "42"));
    }

    @Test
    void a_post_that_acted_but_lost_its_answer_is_not_repeated_and_its_outcome_is_unknown() {
        // given
        faults.setLostAnswers(List.of(new LostAnswer("POST", "/things", 1, 0)));
        script.add(created());
        script.add(created());

        // when
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(RetryPolicy.defaults()).send(() -> postThing(server.baseUri())));

        // then
        assertThat(e).isInstanceOf(OutcomeUnknownException.class);
        assertThat(e.code()).isEqualTo("outcomeUnknown");
        assertThat(e.isTransient()).isTrue();
        assertThat(received).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void a_post_answered_with_a_server_error_is_not_repeated_and_its_outcome_is_unknown() {
        // given
        script.add(error(503, "serviceNotAvailable", "busy").header("Retry-After", "1"));
        script.add(created());

        // when
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client(RetryPolicy.defaults()).send(() -> postThing(server.baseUri())));

        // then
        assertThat(e).isInstanceOf(OutcomeUnknownException.class);
        assertThat(e.status()).isEqualTo(503);
        assertThat(received).hasSize(1);
    }

    @Test
    void a_post_refused_with_429_did_not_act_and_is_repeated() {
        // given
        script.add(error(429, "tooManyRequests", "slow down").header("Retry-After", "1"));
        script.add(created());

        // when
        ApiResponse response = client(RetryPolicy.defaults()).send(() -> postThing(server.baseUri()));

        // then
        assertThat(response.status()).isEqualTo(201);
        assertThat(received).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void a_post_whose_connection_was_refused_never_reached_the_server_and_is_repeated() {
        // given a port nobody listens on
        EmulatorServer gone = EmulatorServer.start("gone", 0, new Router(), ErrorFormat.ODATA, Authenticator.NONE,
                new FaultInjector());
        URI closed = gone.baseUri();
        gone.close();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));

        // when
        ApiException e = catchThrowableOfType(ApiException.class, () -> client(policy).send(() -> postThing(closed)));

        // then
        assertThat(e).isNotInstanceOf(OutcomeUnknownException.class);
        assertThat(e.code()).isEqualTo("networkError");
        assertThat(waits).hasSize(2);
    }

    @Test
    void a_patch_with_a_precondition_that_lost_its_answer_is_repeated() {
        // given
        faults.setLostAnswers(List.of(new LostAnswer("PATCH", "/things/42", 1, 0)));
        script.add(ok());
        script.add(ok());

        // when
        ApiResponse response = client(RetryPolicy.defaults())
                .send(() -> patchThing(server.baseUri()).header("If-None-Match", "*"));

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(received).hasSize(2);
    }

    @Test
    void a_patch_without_a_precondition_is_repeated_only_when_the_caller_vouches_for_it() {
        // given
        faults.setLostAnswers(List.of(new LostAnswer("PATCH", "/things/42", 2, 0)));
        script.add(ok());
        script.add(ok());
        script.add(ok());

        // when
        ApiException unvouched = catchThrowableOfType(ApiException.class,
                () -> client(RetryPolicy.defaults()).send(() -> patchThing(server.baseUri())));
        ApiResponse vouched = client(RetryPolicy.defaults()).sendRepeatable(() -> patchThing(server.baseUri()));

        // then
        assertThat(unvouched).isInstanceOf(OutcomeUnknownException.class);
        assertThat(vouched.status()).isEqualTo(200);
        assertThat(received).hasSize(3);
    }

    @Test
    void a_get_that_lost_its_answer_is_repeated() {
        // given
        faults.setLostAnswers(List.of(new LostAnswer("GET", "/things/42", 1, 0)));
        script.add(ok());
        script.add(ok());

        // when
        ApiResponse response = client(RetryPolicy.defaults()).send(() -> getThing(server.baseUri()));

        // then (the JDK client itself repeats a GET whose connection closed before the answer)
        assertThat(response.status()).isEqualTo(200);
        assertThat(received).hasSize(2);
    }
}
