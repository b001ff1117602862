package io.cosell.functions.keepalive;

import io.cosell.shared.usecase.KeepAliveReport;
import io.cosell.shared.usecase.TokenKeepAlive;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Posts schedule payloads to the Lambda mock event server. */
@QuarkusTest
class TokenKeepAliveFunctionTest {

    @InjectMock
    TokenKeepAlive keepAlive;

    @Test
    void an_eventbridge_scheduled_event_redeems_the_token_once_and_returns_the_report() throws IOException {
        // given
        when(keepAlive.keepAlive()).thenReturn(new KeepAliveReport(KeepAliveReport.STORED, "stored"));

        // when
        JsonPath report = invoke(fixture("/events/scheduled-event.json"));

        // then
        verify(keepAlive, times(1)).keepAlive();
        assertThat(report.getString("outcome")).isEqualTo("stored");
        assertThat(report.getString("message")).isEqualTo("stored");
    }

    @Test
    void the_deployed_schedules_input_and_a_dead_sign_in_is_reported_not_thrown() throws IOException {
        // given
        when(keepAlive.keepAlive()).thenReturn(new KeepAliveReport(KeepAliveReport.SIGN_IN_EXPIRED,
                "Partner Center sign-in expired: an admin must sign in again (AADSTS50173: revoked)"));

        // when
        JsonPath report = invoke(fixture("/events/scheduler-input-source.json"));

        // then
        verify(keepAlive, times(1)).keepAlive();
        assertThat(report.getString("outcome")).isEqualTo("sign-in-expired");
        assertThat(report.getString("message")).startsWith("Partner Center sign-in expired");
    }

    private static JsonPath invoke(String event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }

    private static String fixture(String path) throws IOException {
        try (InputStream in = TokenKeepAliveFunctionTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
