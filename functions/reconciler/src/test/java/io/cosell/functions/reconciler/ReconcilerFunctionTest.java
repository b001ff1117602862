package io.cosell.functions.reconciler;

import io.cosell.shared.usecase.Reconcile;
import io.cosell.shared.usecase.ReconcileResult;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
class ReconcilerFunctionTest {

    @InjectMock
    Reconcile reconcile;

    @BeforeEach
    void oneQueued() {
        when(reconcile.reconcile(any())).thenReturn(new ReconcileResult(3, 1, 2, 0, 0, "found 3 · queued 1"));
    }

    @Test
    void an_eventbridge_scheduled_event_reconciles_as_of_its_time_and_returns_the_result() throws IOException {
        // when
        JsonPath response = invoke(fixture("/events/aws-scheduled-event.json"));

        // then
        assertThat(response.getInt("found")).isEqualTo(3);
        assertThat(response.getInt("queued")).isEqualTo(1);
        assertThat(response.getInt("inSync")).isEqualTo(2);
        assertThat(response.getString("message")).isEqualTo("found 3 · queued 1");
        verify(reconcile).reconcile(Instant.parse("2019-03-01T01:23:45Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events/scheduler-input-empty.json", "/events/scheduler-input-source.json"})
    void a_scheduler_input_without_time_reconciles_as_of_now(String fixture) throws IOException {
        // given
        Instant before = Instant.now();

        // when
        JsonPath response = invoke(fixture(fixture));

        // then
        ArgumentCaptor<Instant> asOf = ArgumentCaptor.forClass(Instant.class);
        verify(reconcile).reconcile(asOf.capture());
        assertThat(asOf.getValue()).isBetween(before, Instant.now());
        assertThat(response.getInt("queued")).isEqualTo(1);
    }

    private static JsonPath invoke(String event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ReconcilerFunctionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
