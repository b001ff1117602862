package io.cosell.emulator.dataverse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;

import static io.cosell.emulator.dataverse.DataverseSandbox.json;
import static io.cosell.emulator.dataverse.DataverseSandbox.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The fault "act, then lose the answer" on the Dataverse emulator, and what makes a create safe to repeat there:
 * {@code PATCH /accounts(<id>)} with {@code If-None-Match: *} creates at most once (412 when it exists).
 */
class DataverseLostAnswerIT {

    private static DataverseSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = DataverseSandbox.start(DataverseSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.control("POST", "/_sandbox/reset", null);
    }

    @Test
    void aCreateWhoseAnswerIsLostIsStoredAndCounted() {
        // given
        sandbox.control("POST", "/_sandbox/faults",
                "{\"loseAnswers\": [{\"method\": \"POST\", \"path\": \"/api/data/v9.2/accounts\"}]}");

        // when
        Throwable lost = catchThrowable(() -> sandbox.post("accounts", object("name", "Lost answer Ltd")));
        HttpResponse<String> next = sandbox.post("accounts", object("name", "Answered Ltd"));

        // then
        assertThat(lost).isInstanceOf(AssertionError.class).hasCauseInstanceOf(IOException.class);
        assertThat(json(sandbox.get("accounts?$select=name")).get("value").findValuesAsText("name"))
                .containsExactlyInAnyOrder("Lost answer Ltd", "Answered Ltd");
        assertThat(next.statusCode()).isEqualTo(204);
        assertThat(json(sandbox.control("GET", "/_sandbox/requests/count", null)).get("total").asLong()).isEqualTo(3);
    }

    @Test
    void aCreateByChosenIdRepeatedAfterALostAnswerIsRefusedWith412AndCreatesNothingMore() {
        // given
        UUID id = UUID.randomUUID();
        sandbox.control("POST", "/_sandbox/faults",
                "{\"loseAnswers\": [{\"method\": \"PATCH\", \"path\": \"/api/data/v9.2/accounts*\", \"times\": 1}]}");

        // when
        Throwable lost = catchThrowable(() -> sandbox.patch("accounts(" + id + ")", object("name", "Chosen id Ltd"),
                "If-None-Match", "*"));
        HttpResponse<String> repeated = sandbox.patch("accounts(" + id + ")", object("name", "Chosen id Ltd"),
                "If-None-Match", "*");

        // then
        assertThat(lost).isInstanceOf(AssertionError.class).hasCauseInstanceOf(IOException.class);
        assertThat(repeated.statusCode()).isEqualTo(412);
        assertThat(json(sandbox.get("accounts?$select=accountid")).get("value").findValuesAsText("accountid"))
                .containsExactly(id.toString());
    }

    @Test
    void aRefusedRequestKeepsItsAnswerAndTheRuleStaysArmed() {
        // given an account that exists, and a rule for its path
        UUID id = UUID.randomUUID();
        sandbox.patch("accounts(" + id + ")", object("name", "Exists Ltd"), "If-None-Match", "*");
        sandbox.control("POST", "/_sandbox/faults",
                "{\"loseAnswers\": [{\"method\": \"PATCH\", \"path\": \"/api/data/v9.2/accounts*\"}]}");

        // when a create-only PATCH is refused (it did not act)
        HttpResponse<String> refused = sandbox.patch("accounts(" + id + ")", object("name", "Exists Ltd"),
                "If-None-Match", "*");

        // then its answer arrives, and the rule still waits for an applied request
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(json(sandbox.control("GET", "/_sandbox/faults", null)).path("loseAnswers")).hasSize(1);
    }

    @Test
    void anAnswerHeldPastTheClientsTimeoutIsLostToo() {
        // given
        sandbox.control("POST", "/_sandbox/faults",
                "{\"loseAnswers\": [{\"method\": \"POST\", \"path\": \"/api/data/v9.2/contacts\", \"holdMs\": 3000}]}");

        // when the client gives up after 300 ms
        Throwable lost = catchThrowable(() -> sandbox.post("contacts", object("lastname", "Held"),
                Duration.ofMillis(300)));

        // then
        assertThat(lost).isInstanceOf(AssertionError.class).hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(json(sandbox.get("contacts?$select=lastname")).get("value").findValuesAsText("lastname"))
                .containsExactly("Held");
    }
}
