package io.cosell.functions.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.vocabulary.SyncMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver end to end in one Quarkus start: Function URL (payload 2.0) event fixtures posted to the Lambda mock
 * event server, the real intake behind the handler, bodies signed by the Partner Center emulator, dedupe on
 * DynamoDB Local, the sync queue on ElasticMQ ({@link ReceiverTestResource}).
 */
@QuarkusTest
@WithTestResource(ReceiverTestResource.class)
class WebhookReceiverHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFERRAL_FIXTURE = "/events/function-url-referral-updated.json";
    private static final String TEST_EVENT_FIXTURE = "/events/function-url-test-created.json";

    /** Injected by {@link ReceiverTestResource}. */
    Function<byte[], String> signer;
    String certificateUrl;
    String sqsEndpoint;
    String queueUrl;

    private SqsClient sqs;

    @BeforeEach
    void connectToTheQueue() {
        sqs = AwsClients.sqs(AwsClientSettings.local(URI.create(sqsEndpoint)));
    }

    @AfterEach
    void disconnect() {
        sqs.close();
    }

    @Test
    void unsigned_delivery_gets_401_and_nothing_is_queued() throws IOException {
        // given
        ObjectNode event = withBody(fixture(REFERRAL_FIXTURE), referralUpdated(newReferralId()));
        headers(event).remove("x-ms-signature");

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(401);
        assertThat(body(answer).get("status").asText()).isEqualTo("rejected");
        assertThat(body(answer).get("reason").asText()).startsWith("missing signature");
        assertThat(queued()).isEmpty();
    }

    @Test
    void delivery_with_a_bad_signature_gets_401() throws IOException {
        // given: the fixture's made-up signature, with the emulator's genuine certificate URL
        ObjectNode event = withBody(fixture(REFERRAL_FIXTURE), referralUpdated(newReferralId()));
        headers(event).put("x-ms-certificate-url", certificateUrl);

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(401);
        assertThat(body(answer).get("reason").asText()).startsWith("the signature does not match the body");
        assertThat(queued()).isEmpty();
    }

    @Test
    void production_defaults_would_not_fetch_from_an_unlisted_host() throws IOException {
        // given: the fixture as Microsoft documents it, but with the certificate URL on another https host
        ObjectNode event = signed(fixture(REFERRAL_FIXTURE), referralUpdated(newReferralId()));
        headers(event).put("x-ms-certificate-url", "https://certificates.example.test/pc.cer");

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(401);
        assertThat(body(answer).get("reason").asText())
                .isEqualTo("the certificate URL host certificates.example.test is not allow-listed");
    }

    @Test
    void signed_malformed_json_gets_400() throws IOException {
        // when
        JsonNode answer = invoke(signed(fixture(REFERRAL_FIXTURE), "{\"EventName\": \"referral-updated\","));

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(answer)).isEqualTo(JSON.readTree("{\"status\":\"rejected\",\"reason\":\"body is not valid JSON\"}"));
    }

    @Test
    void signed_notification_without_resource_uri_gets_400() throws IOException {
        // when
        JsonNode answer = invoke(signed(fixture(REFERRAL_FIXTURE), "{\"EventName\":\"referral-updated\"}"));

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(answer).get("reason").asText()).isEqualTo("EventName and ResourceUri are required");
    }

    @Test
    void body_above_the_limit_gets_413_before_its_signature_is_checked() throws IOException {
        // given: the default limit is 64 KiB; no signature at all
        String oversize = "{\"EventName\":\"referral-updated\",\"ResourceUri\":\"" + "x".repeat(64 * 1024) + "\"}";
        ObjectNode event = withBody(fixture(REFERRAL_FIXTURE), oversize);
        headers(event).remove("x-ms-signature");

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(413);
        assertThat(body(answer).get("status").asText()).isEqualTo("rejected");
    }

    @Test
    void body_marked_base64_that_is_not_gets_400() throws IOException {
        // when
        JsonNode answer = invoke(fixture(REFERRAL_FIXTURE).put("body", "{not base64}").put("isBase64Encoded", true));

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(400);
    }

    @Test
    void signed_test_event_gets_200_ignored() throws IOException {
        // given: Partner Center's validation event, signed in Authorization
        ObjectNode event = fixture(TEST_EVENT_FIXTURE);
        String body = event.get("body").asText();
        headers(event).put("authorization", "Signature " + signer.apply(body.getBytes(StandardCharsets.UTF_8)))
                .put("x-ms-certificate-url", certificateUrl);

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(answer)).isEqualTo(JSON.readTree("{\"status\":\"ignored\"}"));
        assertThat(queued()).isEmpty();
    }

    @Test
    void signed_referral_event_gets_202_and_one_message_and_its_redelivery_200_duplicate() throws IOException {
        // given
        String referralId = newReferralId();
        ObjectNode event = signed(fixture(REFERRAL_FIXTURE), referralUpdated(referralId));

        // when
        JsonNode first = invoke(event);
        JsonNode again = invoke(event);

        // then
        assertThat(first.get("statusCode").asInt()).isEqualTo(202);
        assertThat(body(first)).isEqualTo(JSON.readTree("{\"status\":\"accepted\"}"));
        assertThat(again.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(again)).isEqualTo(JSON.readTree("{\"status\":\"duplicate\"}"));
        assertThat(queued()).singleElement().satisfies(message -> {
            assertThat(message.referralId()).isEqualTo(referralId);
            assertThat(message.eventName()).isEqualTo("referral-updated");
        });
    }

    @Test
    void signed_base64_encoded_body_is_accepted() throws IOException {
        // given
        String referralId = newReferralId();
        byte[] body = referralUpdated(referralId).getBytes(StandardCharsets.UTF_8);
        ObjectNode event = signed(fixture(REFERRAL_FIXTURE), new String(body, StandardCharsets.UTF_8))
                .put("body", Base64.getEncoder().encodeToString(body)).put("isBase64Encoded", true);

        // when
        JsonNode answer = invoke(event);

        // then
        assertThat(answer.get("statusCode").asInt()).isEqualTo(202);
        assertThat(queued()).extracting(SyncMessage::referralId).containsExactly(referralId);
    }

    private static String newReferralId() {
        return UUID.randomUUID().toString();
    }

    private static String referralUpdated(String referralId) {
        return "{\"EventName\":\"referral-updated\",\"ResourceUri\":\"https://api.partnercenter.microsoft.com/engagements/v1/referrals/"
                + referralId + "\",\"ResourceName\":\"referral\",\"AuditUri\":null,"
                + "\"ResourceChangeUtcDate\":\"2025-03-05T14:02:10.7654321+00:00\"}";
    }

    /** The fixture with this body, signed by the emulator in {@code x-ms-signature}, naming its certificate URL. */
    private ObjectNode signed(ObjectNode event, String body) {
        withBody(event, body);
        headers(event).put("x-ms-signature", "Signature " + signer.apply(body.getBytes(StandardCharsets.UTF_8)))
                .put("x-ms-certificate-url", certificateUrl);
        return event;
    }

    private static ObjectNode withBody(ObjectNode event, String body) {
        return event.put("body", body).put("isBase64Encoded", false);
    }

    private static ObjectNode headers(ObjectNode event) {
        return (ObjectNode) event.get("headers");
    }

    /** Everything on the sync queue now (received and deleted). */
    private List<SyncMessage> queued() {
        List<SyncMessage> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : batch) {
                messages.add(SyncMessage.fromJson(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return messages;
    }

    private static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = WebhookReceiverHandlerTest.class.getResourceAsStream(name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static JsonNode body(JsonNode answer) throws IOException {
        return JSON.readTree(answer.get("body").asText());
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
