package io.cosell.shared.webhook;

import io.cosell.shared.testsupport.TestJson;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.PartnerCenterWebhooks;
import io.cosell.shared.usecase.IntakeResult;
import io.cosell.shared.usecase.WebhookDelivery;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SignedWebhookIntake} with real parts: signed deliveries from the Partner Center emulator, the dedupe store
 * on DynamoDB Local, the sync queue on ElasticMQ (a fresh queue per test, so "exactly one message" is exact).
 */
class SignedWebhookIntakeIT {

    private static final String TABLE = "webhook-intake-it";
    private static final Duration DEDUPE_TTL = Duration.ofHours(24);
    private static final int MAX_BODY_BYTES = 65_536;

    private static PartnerCenterWebhooks webhooks;
    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static DynamoDbSyncStateStore store;
    private static WebhookSignatureVerifier verifier;

    private String queueUrl;
    private SignedWebhookIntake intake;

    @BeforeAll
    static void start() {
        webhooks = PartnerCenterWebhooks.start();
        elasticMq = ElasticMqServer.start(0, List.of());
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), TABLE);
        store = new DynamoDbSyncStateStore(LocalDynamoDb.client(), TABLE);
        verifier = new WebhookSignatureVerifier(webhooks.sandboxPolicy(),
                new CachedCertificateSource(HttpCertificateFetcher.withDefaults()));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
        webhooks.close();
    }

    @BeforeEach
    void freshQueue() {
        queueUrl = sqs.createQueue(b -> b.queueName("sync-" + UUID.randomUUID())).queueUrl();
        intake = new SignedWebhookIntake(verifier, store, new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER), DEDUPE_TTL, MAX_BODY_BYTES, TestJson.MAPPER);
    }

    /** Everything on the queue: receives until a receive comes back empty. */
    private List<SyncMessage> queued() {
        List<SyncMessage> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            batch.forEach(message -> messages.add(SyncMessage.fromJson(TestJson.MAPPER, message.body())));
        } while (!batch.isEmpty());
        return messages;
    }

    private static String referralId(WebhookDelivery delivery) {
        return WebhookEvent.parse(TestJson.MAPPER, delivery.body()).referralId().orElseThrow();
    }

    private static WebhookDelivery signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookDelivery(Map.of(
                "x-ms-signature", "Signature " + webhooks.partnerCenter().signWebhookBody(bytes),
                "x-ms-certificate-url", webhooks.partnerCenter().webhookCertificateUrl().toString(),
                "x-ms-signature-algorithm", "rsa-sha256"), bytes, Instant.now());
    }

    @Test
    void a_body_over_the_size_limit_is_refused_before_its_signature_is_checked() {
        // given: a correctly signed referral event padded past the limit
        String padded = "{\"EventName\":\"referral-created\",\"pad\":\"" + "x".repeat(MAX_BODY_BYTES) + "\"}";
        WebhookDelivery delivery = signed(padded);

        // when
        IntakeResult result = intake.accept(delivery);

        // then
        assertThat(result).isEqualTo(IntakeResult.tooLarge("body is larger than " + MAX_BODY_BYTES + " bytes"));
        assertThat(queued()).isEmpty();
    }

    @Test
    void referral_event_is_accepted_and_queued_as_one_sync_message() {
        // given
        WebhookDelivery delivery = webhooks.referralCreated();
        String referralId = referralId(delivery);
        String changeDate = new String(delivery.body(), StandardCharsets.UTF_8)
                .replaceAll(".*\"ResourceChangeUtcDate\":\"([^\"]+)\".*", "$1");

        // when
        IntakeResult result = intake.accept(delivery);

        // then
        assertThat(result).isEqualTo(IntakeResult.accepted());
        assertThat(queued()).singleElement().satisfies(message -> {
            assertThat(message.direction()).isEqualTo(SyncDirection.PC_TO_CRM);
            assertThat(message.referralId()).isEqualTo(referralId);
            assertThat(message.crmRecord()).isNull();
            assertThat(message.eventName()).isEqualTo("referral-created");
            assertThat(message.changeDate()).isEqualTo(OffsetDateTime.parse(changeDate).toInstant());
            assertThat(message.dedupeKey()).isEqualTo("referral-created#" + referralId + "#" + message.changeDate());
        });
    }

    @Test
    void same_delivery_five_times_in_a_row_is_queued_once() {
        // given
        WebhookDelivery delivery = webhooks.referralCreated();

        // when
        List<IntakeResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(intake.accept(delivery));
        }

        // then
        assertThat(results).containsExactly(IntakeResult.accepted(), IntakeResult.duplicate(),
                IntakeResult.duplicate(), IntakeResult.duplicate(), IntakeResult.duplicate());
        assertThat(queued()).hasSize(1);
    }

    @Test
    void same_delivery_five_times_at_once_is_queued_once() throws Exception {
        // given
        WebhookDelivery delivery = webhooks.referralCreated();
        CountDownLatch start = new CountDownLatch(1);
        Callable<IntakeResult> deliver = () -> {
            start.await();
            return intake.accept(delivery);
        };

        // when
        List<Future<IntakeResult>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(5)) {
            for (int i = 0; i < 5; i++) {
                futures.add(threads.submit(deliver));
            }
            start.countDown();
        }

        // then
        List<IntakeResult> results = new ArrayList<>();
        for (Future<IntakeResult> future : futures) {
            results.add(future.get());
        }
        assertThat(results).containsOnlyOnce(IntakeResult.accepted())
                .filteredOn(result -> !result.equals(IntakeResult.accepted()))
                .containsOnly(IntakeResult.duplicate()).hasSize(4);
        assertThat(queued()).hasSize(1);
    }

    @Test
    void replay_of_an_old_delivery_is_a_duplicate_and_queues_nothing() {
        // given: a delivery that was accepted, then a newer change of another referral
        WebhookDelivery original = webhooks.referralCreated();
        String referralId = referralId(original);
        assertThat(intake.accept(original)).isEqualTo(IntakeResult.accepted());
        assertThat(intake.accept(webhooks.referralCreated())).isEqualTo(IntakeResult.accepted());
        assertThat(queued()).hasSize(2);

        // when: Partner Center (the emulator) sends the old delivery again, same body and signature
        webhooks.redeliver(referralId);
        WebhookDelivery replay = webhooks.deliveryFor(referralId, 1);
        IntakeResult result = intake.accept(replay);

        // then
        assertThat(replay.body()).isEqualTo(original.body());
        assertThat(result).isEqualTo(IntakeResult.duplicate());
        assertThat(queued()).isEmpty();
    }

    @Test
    void test_event_is_acknowledged_and_ignored() {
        // given
        WebhookDelivery validation = webhooks.testEvent();

        // when
        IntakeResult result = intake.accept(validation);

        // then
        assertThat(result).isEqualTo(IntakeResult.ignored());
        assertThat(queued()).isEmpty();
    }

    @Test
    void unsigned_delivery_is_unauthorized_before_its_json_is_read() {
        // given
        WebhookDelivery unsigned = new WebhookDelivery(Map.of(), "{\"EventName\": ".getBytes(StandardCharsets.UTF_8),
                Instant.now());

        // when
        IntakeResult result = intake.accept(unsigned);

        // then
        assertThat(result.statusCode()).isEqualTo(401);
        assertThat(result.reason()).startsWith("missing signature");
        assertThat(queued()).isEmpty();
    }

    @Test
    void signed_but_malformed_notifications_are_bad_requests() {
        assertThat(intake.accept(signed("{\"EventName\": "))).isEqualTo(IntakeResult.malformed("body is not valid JSON"));
        assertThat(intake.accept(signed("{\"EventName\":\"referral-updated\"}")))
                .isEqualTo(IntakeResult.malformed("EventName and ResourceUri are required"));
        assertThat(intake.accept(signed("{\"EventName\":\"referral-updated\",\"ResourceUri\":\"https://x.test/referrals/..\"}")))
                .isEqualTo(IntakeResult.malformed("ResourceUri does not end in a referral id"));
        assertThat(queued()).isEmpty();
    }

    @Test
    void when_the_queue_is_down_the_answer_is_503_and_the_retry_is_accepted() throws Exception {
        // given: an SQS endpoint where nothing listens
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        WebhookDelivery delivery = webhooks.referralCreated();
        IntakeResult whileDown;
        try (SqsClient deadSqs = AwsClients.sqs(AwsClientSettings.local(URI.create("http://127.0.0.1:" + deadPort)))) {
            SignedWebhookIntake queueDown = new SignedWebhookIntake(verifier, store,
                    new SqsSyncQueue(deadSqs, "http://127.0.0.1:" + deadPort + "/000000000000/sync", TestJson.MAPPER), DEDUPE_TTL, MAX_BODY_BYTES, TestJson.MAPPER);

            // when
            whileDown = queueDown.accept(delivery);
        }
        IntakeResult retry = intake.accept(delivery);

        // then
        assertThat(whileDown).isEqualTo(IntakeResult.unavailable("the event could not be queued; please retry"));
        assertThat(retry).isEqualTo(IntakeResult.accepted());
        assertThat(queued()).singleElement().extracting(SyncMessage::referralId).isEqualTo(referralId(delivery));
    }
}
