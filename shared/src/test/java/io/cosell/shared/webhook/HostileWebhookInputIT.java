package io.cosell.shared.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.PartnerCenterWebhooks;
import io.cosell.shared.testsupport.StubHttpServer;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.usecase.IntakeResult;
import io.cosell.shared.usecase.WebhookDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile deliveries to the webhook receiver's use case, table-driven from {@code hostile/webhook-receiver-cases.json}:
 * each case's body, signature and certificate URL, its expected answer, and the proof that nothing was kept (an empty
 * sync queue of its own), that the reason was logged, and that no certificate was requested from anywhere but the
 * genuine URL (every fetch the verifier asks for is counted, and a local server stands in for the other hosts).
 * Real parts: the Partner Center emulator signs, the real verifier and fetcher check, DynamoDB Local dedupes,
 * ElasticMQ queues.
 */
class HostileWebhookInputIT {

    private static final String TABLE = "hostile-webhook-it";
    private static final int MAX_BODY_BYTES = 65_536;
    private static final String REDIRECT_PATH = "/_sandbox/certificates/moved.cer";

    private static PartnerCenterWebhooks webhooks;
    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static DynamoDbSyncStateStore store;
    private static StubHttpServer otherHost;
    private static final CapturedLog LOG = new CapturedLog();

    record Case(String name, JsonNode spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every certificate URL the verifier asks for, then the real fetcher. */
    private static final class CountingFetcher implements CertificateSource {
        final List<URI> asked = new CopyOnWriteArrayList<>();
        private final CertificateSource fetcher = HttpCertificateFetcher.withDefaults();

        @Override
        public List<X509Certificate> certificates(URI url) throws CertificateUnavailableException {
            asked.add(url);
            return fetcher.certificates(url);
        }
    }

    private static final class CapturedLog extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            String line = record.getMessage();
            if (parameters != null) {
                for (int i = 0; i < parameters.length; i++) {
                    line = line.replace("{" + i + "}", String.valueOf(parameters[i]));
                }
            }
            lines.add(line);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void start() {
        webhooks = PartnerCenterWebhooks.start();
        elasticMq = ElasticMqServer.start(0, List.of());
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), TABLE);
        store = new DynamoDbSyncStateStore(LocalDynamoDb.client(), TABLE);
        otherHost = StubHttpServer.start();
        otherHost.answer(REDIRECT_PATH, 302,
                Map.of("Location", webhooks.partnerCenter().webhookCertificateUrl().toString()), new byte[0]);
        Logger.getLogger(SignedWebhookIntake.class.getName()).addHandler(LOG);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger(SignedWebhookIntake.class.getName()).removeHandler(LOG);
        otherHost.close();
        sqs.close();
        elasticMq.close();
        webhooks.close();
    }

    static Stream<Case> cases() {
        try (InputStream in = HostileWebhookInputIT.class.getResourceAsStream("/hostile/webhook-receiver-cases.json")) {
            List<Case> cases = new ArrayList<>();
            TestJson.MAPPER.readTree(in).forEach(spec -> cases.add(new Case(spec.path("name").asText(), spec)));
            return cases.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_table_has_at_least_thirty_cases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostile_delivery_gets_its_answer_and_nothing_is_kept(Case hostile) throws Exception {
        // given
        JsonNode spec = hostile.spec();
        String referralId = UUID.randomUUID().toString();
        byte[] body = body(spec.path("body").asText(), referralId);
        String queueUrl = sqs.createQueue(b -> b.queueName("hostile-" + UUID.randomUUID())).queueUrl();
        CountingFetcher fetcher = new CountingFetcher();
        SignedWebhookIntake intake = new SignedWebhookIntake(new WebhookSignatureVerifier(policy(spec), fetcher),
                store, new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER), Duration.ofHours(1), MAX_BODY_BYTES,
                TestJson.MAPPER);
        WebhookDelivery delivery = delivery(spec, body);
        int expectedQueued = spec.path("queued").asInt(0);
        if (spec.path("signature").asText().equals("replayed")) {
            assertThat(intake.accept(delivery)).isEqualTo(IntakeResult.accepted());
            assertThat(drain(queueUrl)).isEqualTo(1);
        }
        int otherHostRequestsBefore = otherHostRequests();
        int logLinesBefore = LOG.lines.size();

        // when
        IntakeResult result = intake.accept(delivery);

        // then: the answer
        int status = spec.path("status").asInt();
        assertThat(result.statusCode()).as("status").isEqualTo(status);
        assertThat(result.status()).isEqualTo(spec.path("answer").asText("rejected"));
        assertThat(result.reason() == null ? "" : result.reason()).startsWith(spec.path("reason").asText());
        // nothing queued (or exactly what the case expects)
        assertThat(drain(queueUrl)).as("messages queued").isEqualTo(expectedQueued);
        // no certificate asked for anywhere but the genuine URL; the local stand-in for other hosts counts requests
        URI genuine = webhooks.partnerCenter().webhookCertificateUrl();
        assertThat(fetcher.asked).as("certificate URLs requested")
                .allSatisfy(url -> assertThat(url.getHost()).isIn(genuine.getHost(), otherHost.url("/").getHost()))
                .filteredOn(url -> url.getPort() == otherHost.url("/").getPort())
                .hasSize(spec.path("stubRequests").asInt(0));
        assertThat(otherHostRequests() - otherHostRequestsBefore).as("requests at the other host")
                .isEqualTo(spec.path("stubRequests").asInt(0));
        // a refusal is logged with its reason
        if (status >= 400) {
            assertThat(LOG.lines.subList(logLinesBefore, LOG.lines.size()))
                    .anySatisfy(line -> assertThat(line).contains(result.reason()));
        }
    }

    private static int otherHostRequests() {
        return otherHost.requests().size();
    }

    private static SignaturePolicy policy(JsonNode spec) {
        SignaturePolicy sandbox = webhooks.sandboxPolicy();
        if (spec.path("policy").asText().equals("https-only")) {
            return new SignaturePolicy(Set.of("127.0.0.1"), Set.of(), sandbox.certificatePathPrefix(),
                    sandbox.trustAnchors(), List.of(), sandbox.requiredIssuerOrganization());
        }
        return sandbox;
    }

    private static byte[] body(String template, String referralId) {
        String event = "{\"EventName\":\"referral-created\",\"ResourceUri\":\"https://api.partnercenter.microsoft.com/"
                + "engagements/v1/referrals/" + referralId + "\",\"ResourceName\":\"referral\",\"AuditUri\":null,"
                + "\"ResourceChangeUtcDate\":\"" + Instant.now() + "\"}";
        if (template.startsWith("@")) {
            String kind = template.substring(1, template.indexOf(':'));
            String argument = template.substring(template.indexOf(':') + 1);
            return switch (kind) {
                case "bytes" -> HexFormat.of().parseHex(argument);
                case "pad" -> event.replace("\"AuditUri\":null", "\"AuditUri\":\"" + "x".repeat(Integer.parseInt(argument)) + "\"")
                        .getBytes(StandardCharsets.UTF_8);
                case "nest" -> {
                    int depth = Integer.parseInt(argument);
                    yield (event.substring(0, event.length() - 1) + ",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                            .getBytes(StandardCharsets.UTF_8);
                }
                case "hugeEventName" -> event.replace("referral-created", "e".repeat(Integer.parseInt(argument)))
                        .getBytes(StandardCharsets.UTF_8);
                case "hugeId" -> event.replace(referralId, "a".repeat(Integer.parseInt(argument)))
                        .getBytes(StandardCharsets.UTF_8);
                default -> throw new IllegalArgumentException("unknown generated body " + kind);
            };
        }
        return template.replace("{event}", event).replace("{id}", referralId).getBytes(StandardCharsets.UTF_8);
    }

    private static WebhookDelivery delivery(JsonNode spec, byte[] body) throws Exception {
        String signature = "Signature " + webhooks.partnerCenter().signWebhookBody(body);
        byte[] sent = body;
        String algorithm = "rsa-sha256";
        switch (spec.path("signature").asText("valid")) {
            case "none" -> signature = null;
            case "other-key" -> signature = "Signature " + signWithAnotherKey(body);
            case "garbage" -> signature = "Signature !!not*base64!!";
            case "bearer" -> signature = signature.replace("Signature ", "Bearer ");
            case "sha1" -> algorithm = "rsa-sha1";
            case "tampered" -> sent = new String(body, StandardCharsets.UTF_8)
                    .replace("referral-created", "referral-updated").getBytes(StandardCharsets.UTF_8);
            case "truncated" -> sent = Arrays.copyOf(body, body.length / 2);
            default -> { }
        }
        URI genuine = webhooks.partnerCenter().webhookCertificateUrl();
        URI stub = otherHost.url("/");
        String certificateUrl = spec.path("certificateUrl").asText("{genuine}")
                .replace("{genuine}", genuine.toString())
                .replace("{stubByName}", "http://localhost:" + stub.getPort())
                .replace("{stubHostPort}", "127.0.0.1:" + stub.getPort())
                .replace("{stub}", "http://127.0.0.1:" + stub.getPort())
                .replace("{certPath}", genuine.getPath())
                .replace("{redirectPath}", REDIRECT_PATH);
        Map<String, String> headers = new HashMap<>();
        headers.put("x-ms-certificate-url", certificateUrl);
        headers.put("x-ms-signature-algorithm", algorithm);
        if (signature != null) {
            headers.put("Authorization", signature);
        }
        return new WebhookDelivery(headers, sent, Instant.now());
    }

    private static String signWithAnotherKey(byte[] body) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(generator.generateKeyPair().getPrivate());
        signer.update(body);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static int drain(String queueUrl) {
        int count = 0;
        int received;
        do {
            received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages().size();
            count += received;
        } while (received > 0);
        return count;
    }
}
