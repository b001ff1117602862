package io.cosell.functions.mapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Posts an SQS batch event to the Lambda mock event server and reads the partial batch failures. */
@QuarkusTest
class MapperHandlerTest {

    @Inject
    RecordingSyncMessageHandler handler;

    @Test
    void reports_malformed_and_failed_records_as_batch_item_failures_and_hands_the_rest_on() throws IOException {
        // given
        String batch = fixture("/events/sqs-batch.json");

        // when
        JsonPath response = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(batch)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();

        // then
        assertThat(response.getList("batchItemFailures.itemIdentifier", String.class)).containsExactly(
                "2e1424d4-f796-459a-8184-9c92662be6da", "a1b2c3d4-0000-4000-8000-000000000003");
        assertThat(handler.handled()).containsExactly(
                "{\"direction\":\"inbound\",\"referralId\":\"6a0b3e2f-8d1c-4c5e-9f2a-1b3c4d5e6f70\"}",
                "{\"direction\":\"outbound\",\"opportunityId\":\"unmappable\"}");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = MapperHandlerTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
