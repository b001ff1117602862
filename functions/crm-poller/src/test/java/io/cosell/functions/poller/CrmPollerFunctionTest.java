package io.cosell.functions.poller;

import io.cosell.shared.usecase.CrmPoll;
import io.cosell.shared.usecase.PollResult;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Posts the schedules' payloads to the Lambda mock event server. */
@QuarkusTest
class CrmPollerFunctionTest {

    @InjectMock
    CrmPoll crmPoll;

    @BeforeEach
    void twoChanges() {
        when(crmPoll.poll(any())).thenReturn(new PollResult(2, "queued 2 changes"));
    }

    @Test
    void an_eventbridge_scheduled_event_polls_as_of_its_time_and_returns_the_result() throws IOException {
        // when
        JsonPath response = invoke(fixture("/events/aws-scheduled-event.json"));

        // then
        assertThat(response.getInt("changes")).isEqualTo(2);
        assertThat(response.getString("message")).isEqualTo("queued 2 changes");
        verify(crmPoll).poll(Instant.parse("2019-03-01T01:23:45Z"));
    }

    @ParameterizedTest
    @CsvSource({
            "/events/scheduler-default-event.json,            2024-06-13T12:30:00Z",
            "/events/scheduler-input-context-attributes.json, 2022-03-22T18:59:43Z"})
    void an_eventbridge_scheduler_event_with_a_time_polls_as_of_that_time(String fixture, Instant time)
            throws IOException {
        // when
        JsonPath response = invoke(fixture(fixture));

        // then
        verify(crmPoll).poll(time);
        assertThat(response.getInt("changes")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events/scheduler-input-empty.json", "/events/scheduler-input-source.json",
            "/events/scheduler-input-text.json", "/events/scheduler-input-time-not-an-instant.json"})
    void a_scheduler_input_without_a_usable_time_polls_as_of_now(String fixture) throws IOException {
        // given
        Instant before = Instant.now();

        // when
        JsonPath response = invoke(fixture(fixture));

        // then
        ArgumentCaptor<Instant> asOf = ArgumentCaptor.forClass(Instant.class);
        verify(crmPoll).poll(asOf.capture());
        assertThat(asOf.getValue()).isBetween(before, Instant.now());
        assertThat(response.getInt("changes")).isEqualTo(2);
    }

    private static JsonPath invoke(String event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = CrmPollerFunctionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
