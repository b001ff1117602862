package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real webhook-receiver function.zip (Funqy handler) under the real AWS Lambda runtime interface client, behind
 * a local function URL, configured as the sandbox configures it: bodies signed by the Partner Center emulator, dedupe
 * on DynamoDB Local, the sync queue on ElasticMQ. Proves that the raw body (text, base64, non-UTF-8 bytes), the
 * headers whatever their case, and the intake's status codes pass through the function unchanged.
 */
class WebhookReceiverSignedDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TABLE = "receiver-it";
    private static final String QUEUE = "sync";

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static DynamoDbLocalServer dynamoDb;
    private static ElasticMqServer elasticMq;
    private static LocalFunction receiver;
    private static FunctionUrlEndpoint url;
    private static final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        dynamoDb = DynamoDbLocalServer.start(0);
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, QUEUE + "-dlq", 3, 30)));
        try (DynamoDbClient client = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()))) {
            SyncStateTable.createIfMissing(client, TABLE);
        }
        receiver = LocalFunction.start(FunctionConfig.funqy("webhook-receiver", FunctionZips.of("cosell-webhook-receiver"))
                .withEnvironment(Map.of(
                        "COSELL_AWS_ENDPOINT_DYNAMODB", dynamoDb.endpoint().toString(),
                        "COSELL_AWS_ENDPOINT_SQS", elasticMq.endpoint().toString(),
                        "COSELL_SYNC_TABLE", TABLE,
                        "COSELL_SYNC_QUEUE_URL", elasticMq.queueUrl(QUEUE),
                        "COSELL_WEBHOOK_RECEIVER_HTTP_CERTIFICATE_HOSTS", partnerCenter.baseUri().getHost(),
                        "COSELL_WEBHOOK_RECEIVER_CERTIFICATE_PATH_PREFIX", PartnerCenterEmulator.certificatePathPrefix(),
                        "COSELL_WEBHOOK_RECEIVER_TRUST_ANCHORS", Sandbox.pem(partnerCenter.signingCaCertificate()),
                        "COSELL_WEBHOOK_RECEIVER_REQUIRED_ISSUER_ORGANIZATION", "Co-sell Sandbox")));
        FunctionInvoker recording = payload -> {
            events.add(readJson(payload));
            return receiver.invoke(payload);
        };
        url = FunctionUrlEndpoint.start(0, recording);
    }

    @AfterAll
    static void stop() {
        url.close();
        receiver.close();
        elasticMq.close();
        dynamoDb.close();
        partnerCenter.close();
        entra.close();
    }

    @Test
    void a_signed_referral_event_gets_202_and_its_redelivery_200_duplicate() throws Exception {
        // given
        byte[] body = referralUpdated(UUID.randomUUID().toString());

        // when
        HttpResponse<String> first = post(body, "application/json", signatureHeaders(body));
        HttpResponse<String> again = post(body, "application/json", signatureHeaders(body));

        // then
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("content-type")).contains("application/json");
        assertThat(JSON.readTree(first.body())).isEqualTo(JSON.readTree("{\"status\":\"accepted\"}"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body())).isEqualTo(JSON.readTree("{\"status\":\"duplicate\"}"));
    }

    @Test
    void a_signed_body_that_the_function_url_base64_encodes_still_verifies() throws Exception {
        // given
        byte[] body = referralUpdated(UUID.randomUUID().toString());

        // when
        HttpResponse<String> response = post(body, "application/octet-stream", signatureHeaders(body));

        // then
        assertThat(lastEventFor(body).path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void signed_non_utf8_bytes_verify_and_then_get_400_because_they_are_not_json() throws Exception {
        // given
        byte[] body = {'{', (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, '}'};

        // when
        HttpResponse<String> response = post(body, "application/octet-stream", signatureHeaders(body));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"status\":\"rejected\",\"reason\":\"body is not valid JSON\"}"));
    }

    @Test
    void a_signed_test_event_gets_200_ignored() throws Exception {
        // given
        byte[] body = ("{\"EventName\":\"test-created\",\"ResourceUri\":\"https://api.partnercenter.microsoft.com/"
                + "webhooks/v1/registration/validationEvents/" + UUID.randomUUID() + "\",\"ResourceName\":\"test\","
                + "\"AuditUri\":null,\"ResourceChangeUtcDate\":\"2017-11-16T16:19:06.3520276+00:00\"}")
                .getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = post(body, "application/json", signatureHeaders(body));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("ignored");
    }

    @Test
    void a_bad_signature_gets_401() throws Exception {
        // given
        byte[] body = referralUpdated(UUID.randomUUID().toString());
        Map<String, String> headers = signatureHeaders("another body".getBytes(StandardCharsets.UTF_8));

        // when
        HttpResponse<String> response = post(body, "application/json", headers);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).startsWith("the signature does not match the body");
    }

    @Test
    void headers_in_mixed_case_and_a_base64_body_invoked_directly_are_found_and_verified() throws Exception {
        // given: a direct invoke, which (unlike a function URL) keeps the header names as the caller wrote them
        byte[] body = referralUpdated(UUID.randomUUID().toString());
        ObjectNode event = JSON.createObjectNode().put("version", "2.0").put("routeKey", "$default").put("rawPath", "/")
                .put("body", Base64.getEncoder().encodeToString(body)).put("isBase64Encoded", true);
        ObjectNode headers = event.putObject("headers").put("Content-Type", "application/json");
        headers.put("X-MS-Signature", "Signature " + partnerCenter.signWebhookBody(body));
        headers.put("X-Ms-Certificate-Url", partnerCenter.webhookCertificateUrl().toString());
        headers.put("X-MS-SIGNATURE-ALGORITHM", "rsa-sha256");

        // when
        Invocation invocation = receiver.invoke(JSON.writeValueAsBytes(event)).join();

        // then
        assertThat(invocation.succeeded()).as("%s", invocation.functionError()).isTrue();
        JsonNode answer = JSON.readTree(invocation.payload());
        assertThat(answer.path("statusCode").asInt()).isEqualTo(202);
        assertThat(answer.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(answer.path("headers").path("content-type").asText()).isEqualTo("application/json");
    }

    private static byte[] referralUpdated(String referralId) {
        return ("{\"EventName\":\"referral-updated\",\"ResourceUri\":\"https://api.partnercenter.microsoft.com/"
                + "engagements/v1/referrals/" + referralId + "\",\"ResourceName\":\"referral\",\"AuditUri\":null,"
                + "\"ResourceChangeUtcDate\":\"2025-03-05T14:02:10.7654321+00:00\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Signed by the emulator; header names in mixed case, as an HTTP client may send them. */
    private static Map<String, String> signatureHeaders(byte[] body) {
        return Map.of("X-MS-Signature", "Signature " + partnerCenter.signWebhookBody(body),
                "X-MS-Certificate-URL", partnerCenter.webhookCertificateUrl().toString(),
                "X-MS-Signature-Algorithm", "rsa-sha256");
    }

    private static HttpResponse<String> post(byte[] body, String contentType, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.baseUri().toString()))
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode lastEventFor(byte[] body) {
        String encoded = Base64.getEncoder().encodeToString(body);
        return events.reversed().stream().filter(event -> event.path("body").asText().equals(encoded)).findFirst()
                .orElseThrow();
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
