package io.cosell.shared.priming;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralJson;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import io.cosell.shared.webhook.WebhookEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Does once, at init, what the first invocation would otherwise pay for: JSON of the connector's own records (through
 * the connector's readers and writers and the application's {@link ObjectMapper}), the HTTP side (requests built and
 * sent to this process itself by {@link LoopbackExchange}, the TLS context and a client hello produced in memory, the
 * signature and certificate classes of the webhook check), and the AWS SDK request path of each client the function
 * uses (answered by {@link PrimingHttpClient}).
 *
 * <p>Nothing leaves the process (its only connections go to its own loopback listener) and nothing secret is read:
 * no secret, no token, no AWS credentials (the SDK signs with placeholder keys), so nothing secret can end up in a
 * SnapStart snapshot.
 *
 * @param mapper    the application's JSON mapper
 * @param awsRegion the region the function's AWS clients use
 * @param referrals whether the function reads referrals from Partner Center
 * @param dynamoDb  whether the function uses DynamoDB
 * @param sqs       whether the function uses SQS
 */
public record Priming(ObjectMapper mapper, String awsRegion, boolean referrals, boolean dynamoDb, boolean sqs) {

    private static final System.Logger LOG = System.getLogger(Priming.class.getName());
    private static final StaticCredentialsProvider PLACEHOLDER_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
    private static final String SAMPLE_REFERRAL = """
            {"id": "00000000-0000-4000-8000-000000000000", "name": "Priming", "status": "Active",
             "substatus": "Accepted", "type": "Shared", "direction": "Incoming", "eTag": "\\"0\\"",
             "createdDateTime": "2025-01-01T00:00:00.0000000Z", "updatedDateTime": "2025-01-01T00:00:00Z",
             "target": [{"type": "SolutionProfile", "id": "SOL-0000000-AAA"}],
             "customerProfile": {"name": "Priming Ltd", "size": "1to50employees",
              "address": {"city": "Dublin", "postalCode": "D02", "country": "IE"},
              "team": [{"firstName": "A", "lastName": "B", "email": "a@example.invalid",
                        "contactPreference": {"locale": "en-us", "disableNotifications": false}}]},
             "consent": {"consentToShareReferralWithMicrosoftSellers": true},
             "details": {"dealValue": 1, "currency": "EUR", "closingDateTime": "2025-12-31T00:00:00Z",
                         "requirements": {"solutions": [{"id": "SOL-0000000-AAA", "name": "Priming"}]}},
             "team": [{"firstName": "A", "lastName": "B", "email": "a@example.invalid"}],
             "salesStage": "Qualify"}""";
    private static final String SAMPLE_EVENT = """
            {"EventName": "referral-updated", "ResourceUri": "https://api.partner.microsoft.com/v1.0/engagements/\
            referrals/00000000-0000-4000-8000-000000000000", "ResourceName": "referral", "AuditUri": null,
             "ResourceChangeUtcDate": "2025-01-01T00:00:00Z"}""";

    /** One part primed and how long it took. */
    public record Primed(String part, Duration took) {

        @Override
        public String toString() {
            return part + " " + took.toMillis() + " ms";
        }
    }

    /** Primes every part; a part that fails is logged and skipped, never failing the init. Returns what was primed. */
    public List<Primed> run() {
        try (PrimingHttpClient aws = new PrimingHttpClient()) {
            return run(aws);
        }
    }

    List<Primed> run(SdkHttpClient aws) {
        List<Primed> primed = new ArrayList<>();
        part("json", primed, this::json);
        if (referrals) {
            part("referral-json", primed, this::referralJson);
        }
        part("http", primed, Priming::http);
        part("tls", primed, Priming::tls);
        if (dynamoDb) {
            part("dynamodb", primed, () -> dynamoDb(aws));
        }
        if (sqs) {
            part("sqs", primed, () -> sqs(aws));
        }
        return primed;
    }

    private void json() throws Exception {
        SyncMessage message = new SyncMessage(SyncDirection.PC_TO_CRM, "00000000-0000-4000-8000-000000000000", null,
                "referral-updated", Instant.EPOCH, "priming");
        SyncMessage.fromJson(mapper, message.toJson(mapper));
        WebhookEvent.parse(mapper, SAMPLE_EVENT.getBytes(StandardCharsets.UTF_8)).referralId();
    }

    private void referralJson() throws Exception {
        ReferralJson referralJson = new ReferralJson(mapper);
        Referral referral = referralJson.read(SAMPLE_REFERRAL.getBytes(StandardCharsets.UTF_8), Referral.class);
        referralJson.tree(referral);
        referralJson.write(referral);
    }

    private static void http() throws Exception {
        HttpRequest.newBuilder(URI.create("https://priming.invalid/api/data/v9.2/leads?$select=name"))
                .timeout(Duration.ofSeconds(1))
                .header("Authorization", "Bearer priming")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', '}'}))
                .build();
        HttpResponse.BodyHandlers.ofByteArray();
        LoopbackExchange.run();
    }

    private static void tls() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("priming.invalid", 443);
        engine.setUseClientMode(true);
        engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        engine.closeOutbound();
        Signature.getInstance("SHA256withRSA");
        CertificateFactory.getInstance("X.509");
        CertPathValidator.getInstance("PKIX");
    }

    private void dynamoDb(SdkHttpClient aws) {
        try (DynamoDbClient client = DynamoDbClient.builder().region(Region.of(awsRegion))
                .credentialsProvider(PLACEHOLDER_CREDENTIALS).httpClient(aws).build()) {
            client.getItem(b -> b.tableName("priming").consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("priming"), "sk", AttributeValue.fromS("priming"))));
            client.putItem(b -> b.tableName("priming").item(Map.of("pk", AttributeValue.fromS("priming")))
                    .conditionExpression("attribute_not_exists(pk)"));
        }
    }

    private void sqs(SdkHttpClient aws) {
        try (SqsClient client = SqsClient.builder().region(Region.of(awsRegion))
                .credentialsProvider(PLACEHOLDER_CREDENTIALS).httpClient(aws)
                // the stub's empty answer carries no MD5 of the body
                .checksumValidationEnabled(false).build()) {
            client.sendMessage(b -> b.queueUrl("https://sqs." + awsRegion + ".amazonaws.com/000000000000/priming")
                    .messageBody("{}"));
        }
    }

    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    private static void part(String name, List<Primed> primed, Part part) {
        long start = System.nanoTime();
        try {
            part.run();
            primed.add(new Primed(name, Duration.ofNanos(System.nanoTime() - start)));
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "priming " + name + " skipped: " + e);
        }
    }
}
