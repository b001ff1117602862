package io.cosell.functions.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.inbound.WebhookDelivery;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Posts Function URL (payload 2.0) events to the Lambda mock event server and reads the function's HTTP answer. */
@QuarkusTest
class WebhookReceiverHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RecordingWebhookIntake intake;

    @BeforeEach
    void resetIntake() {
        intake.reset();
    }

    @Test
    void hands_a_referral_event_to_the_intake_with_headers_raw_body_and_receipt_time() throws IOException {
        // given
        ObjectNode event = fixture();
        String body = event.get("body").asText();

        // when
        JsonNode response = invoke(event);

        // then
        assertThat(response.get("statusCode").asInt()).isEqualTo(202);
        assertThat(JSON.readTree(response.get("body").asText()).get("status").asText()).isEqualTo("accepted");
        assertThat(intake.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(delivery.header("X-MS-Signature")).contains("Signature c2lnbmF0dXJl");
            assertThat(delivery.receivedAt()).isEqualTo(Instant.ofEpochMilli(1518825940123L));
        });
    }

    @Test
    void decodes_a_base64_encoded_body() throws IOException {
        // given
        ObjectNode event = fixture();
        String body = event.get("body").asText();
        event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        // when
        JsonNode response = invoke(event);

        // then
        assertThat(response.get("statusCode").asInt()).isEqualTo(202);
        assertThat(intake.deliveries()).extracting(WebhookDelivery::body)
                .singleElement().isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejects_malformed_json_with_400_and_a_reason() throws IOException {
        // given
        ObjectNode event = fixture().put("body", "{\"EventName\": \"referral-updated\",");

        // when
        JsonNode response = invoke(event);

        // then
        assertThat(response.get("statusCode").asInt()).isEqualTo(400);
        assertThat(JSON.readTree(response.get("body").asText()).get("reason").asText()).isEqualTo("body is not valid JSON");
        assertThat(intake.deliveries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"EventName\":\"referral-created\"}",
            "{\"ResourceUri\":\"https://api.partnercenter.microsoft.com/engagements/v1/referrals/1\"}",
            "[\"referral-created\"]",
            "\"referral-created\""})
    void rejects_a_notification_without_event_name_or_resource_uri(String body) throws IOException {
        // when
        JsonNode response = invoke(fixture().put("body", body));

        // then
        assertThat(response.get("statusCode").asInt()).isEqualTo(400);
        assertThat(JSON.readTree(response.get("body").asText()).get("reason").asText())
                .isEqualTo("EventName and ResourceUri are required");
    }

    @Test
    void rejects_a_body_marked_base64_that_is_not() throws IOException {
        // when
        JsonNode response = invoke(fixture().put("body", "{not base64}").put("isBase64Encoded", true));

        // then
        assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-created", "subscription-updated", "invoice-ready"})
    void ignores_events_that_are_not_about_referrals(String eventName) throws IOException {
        // given
        ObjectNode event = fixture().put("body", "{\"EventName\":\"" + eventName + "\",\"ResourceUri\":\"https://api.partnercenter.microsoft.com/webhooks/v1/registration/validationEvents/c0bfd694-3075-4ec5-9a3c-733d3a890a1f\",\"ResourceName\":\"test\"}");

        // when
        JsonNode response = invoke(event);

        // then
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(response.get("body").asText())).isEqualTo(JSON.readTree("{\"status\":\"ignored\"}"));
        assertThat(intake.deliveries()).isEmpty();
    }

    @Test
    void refuses_a_body_above_the_limit_with_413() throws IOException {
        // given: the default limit is 64 KiB
        String oversize = "{\"EventName\":\"referral-updated\",\"ResourceUri\":\"" + "x".repeat(64 * 1024) + "\"}";

        // when
        JsonNode response = invoke(fixture().put("body", oversize));

        // then
        assertThat(response.get("statusCode").asInt()).isEqualTo(413);
        assertThat(intake.deliveries()).isEmpty();
    }

    private static ObjectNode fixture() throws IOException {
        try (InputStream in = WebhookReceiverHandlerTest.class.getResourceAsStream("/events/function-url-referral-updated.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static JsonNode invoke(ObjectNode event) throws IOException {
        String response = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(JSON.writeValueAsString(event))
                .when().post()
                .then().statusCode(200)
                .extract().asString();
        return JSON.readTree(response);
    }
}
