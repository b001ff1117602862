package io.cosell.functions.poller;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Posts an EventBridge scheduled event to the Lambda mock event server. */
@QuarkusTest
class CrmPollerHandlerTest {

    @Inject
    RecordingCrmPoll crmPoll;

    @Test
    void polls_as_of_the_scheduled_time_and_returns_the_result() throws IOException {
        // given
        String event = fixture("/events/eventbridge-scheduled.json");

        // when
        JsonPath response = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();

        // then
        assertThat(response.getInt("changes")).isEqualTo(2);
        assertThat(response.getString("message")).isEqualTo("queued 2 changes");
        assertThat(crmPoll.polls()).containsExactly(Instant.parse("2015-10-08T16:53:06Z"));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = CrmPollerHandlerTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
