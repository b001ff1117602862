package io.cosell.functions.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.usecase.IntakeResult;
import io.cosell.shared.usecase.WebhookDelivery;
import io.cosell.shared.usecase.WebhookIntake;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Posts Function URL (payload format 2.0) events to the Lambda mock event server, with the intake mocked: what the
 * function hands the intake (headers, raw body bytes, arrival time) and how it answers.
 */
@QuarkusTest
class WebhookReceiverFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectMock
    WebhookIntake intake;

    @Test
    void the_documented_request_reaches_the_intake_as_sent_and_its_answer_comes_back() throws IOException {
        // given
        when(intake.accept(any())).thenReturn(IntakeResult.unauthorized("missing signature"));

        // when
        JsonNode answer = invoke(fixture("/events/aws-function-url-v2.json"));

        // then
        WebhookDelivery delivery = delivered();
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo("Hello from client!");
        assertThat(delivery.header("header2")).contains("value1,value2");
        assertThat(delivery.receivedAt()).isEqualTo(Instant.ofEpochMilli(1583348638390L));
        assertThat(answer.get("statusCode").asInt()).isEqualTo(401);
        assertThat(answer.get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(answer.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(JSON.readTree(answer.get("body").asText()))
                .isEqualTo(JSON.readTree("{\"status\":\"rejected\",\"reason\":\"missing signature\"}"));
    }

    @Test
    void a_base64_encoded_body_reaches_the_intake_as_its_raw_bytes_even_when_not_utf8() throws IOException {
        // given
        byte[] bytes = {'{', (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, '}'};
        ObjectNode event = fixture("/events/function-url-referral-updated.json")
                .put("body", Base64.getEncoder().encodeToString(bytes)).put("isBase64Encoded", true);
        when(intake.accept(any())).thenReturn(IntakeResult.accepted());

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(delivered().body()).isEqualTo(bytes);
        assertThat(answer.get("statusCode").asInt()).isEqualTo(202);
        assertThat(JSON.readTree(answer.get("body").asText())).isEqualTo(JSON.readTree("{\"status\":\"accepted\"}"));
    }

    @Test
    void headers_are_found_whatever_their_case() throws IOException {
        // given
        ObjectNode event = fixture("/events/function-url-referral-updated.json");
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.put("X-MS-Signature", headers.remove("x-ms-signature").asText());
        headers.put("X-Ms-Certificate-Url", headers.remove("x-ms-certificate-url").asText());
        when(intake.accept(any())).thenReturn(IntakeResult.accepted());

        // when
        invoke(event);

        // then
        WebhookDelivery delivery = delivered();
        assertThat(delivery.header("x-ms-signature")).contains("Signature c2lnbmF0dXJl");
        assertThat(delivery.header("x-ms-certificate-url"))
                .contains("https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer");
    }

    @ParameterizedTest
    @MethodSource("intakeResults")
    void the_intakes_status_code_is_the_answers(IntakeResult result) throws IOException {
        // given
        when(intake.accept(any())).thenReturn(result);

        // when
        JsonNode answer = invoke(fixture("/events/function-url-test-created.json"));

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(result.statusCode());
        assertThat(JSON.readTree(answer.get("body").asText()).get("status").asText()).isEqualTo(result.status());
    }

    static Stream<IntakeResult> intakeResults() {
        return Stream.of(IntakeResult.accepted(), IntakeResult.duplicate(), IntakeResult.ignored(),
                IntakeResult.malformed("body is not valid JSON"), IntakeResult.unauthorized("missing signature"),
                IntakeResult.tooLarge("body is larger than 65536 bytes"), IntakeResult.unavailable("queue down"));
    }

    @Test
    void a_body_marked_base64_that_is_not_gets_400_without_reaching_the_intake() throws IOException {
        // given
        ObjectNode event = fixture("/events/function-url-referral-updated.json")
                .put("body", "not base64 at all!").put("isBase64Encoded", true);

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(400);
        assertThat(JSON.readTree(answer.get("body").asText()).get("reason").asText())
                .isEqualTo("body is marked base64 but is not valid base64");
        verify(intake, never()).accept(any());
    }

    private WebhookDelivery delivered() {
        ArgumentCaptor<WebhookDelivery> delivery = ArgumentCaptor.forClass(WebhookDelivery.class);
        verify(intake).accept(delivery.capture());
        return delivery.getValue();
    }

    private static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = WebhookReceiverFunctionTest.class.getResourceAsStream(name)) {
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
