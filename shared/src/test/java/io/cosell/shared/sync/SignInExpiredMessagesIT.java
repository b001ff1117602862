package io.cosell.shared.sync;

import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.sandbox.aws.ElasticMqServer.QueueSpec;
import io.cosell.shared.auth.SignInExpiredException;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.metrics.EmfWriter;
import io.cosell.shared.metrics.Metrics;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync message met a dead Partner Center sign-in: against DynamoDB Local (sync log), the Dataverse emulator (Audit)
 * and ElasticMQ (the message parked with a delay).
 */
class SignInExpiredMessagesIT {

    private static SyncTestWorld world;
    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static String queueUrl;
    private static final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private static SignInExpiredMessages messages;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start("sign-in-expired-it", RetryPolicy.defaults());
        elasticMq = ElasticMqServer.start(0, List.of(new QueueSpec("sync", "sync-dlq", 3, 30)));
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        queueUrl = elasticMq.queueUrl("sync");
        messages = parking(world.crm(), stdout);
    }

    /** Parks on the test queue, writes the Audit through {@code crm}, and its metrics to {@code metricsOut}. */
    private static SignInExpiredMessages parking(DataverseClient crm, OutputStream metricsOut) {
        Metrics metrics = new Metrics(new EmfWriter(new PrintStream(metricsOut, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), TestJson.MAPPER), "mapper");
        return new SignInExpiredMessages(world.state(), crm, "cosell_audit",
                new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER), metrics, Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** An opportunity linked to {@code referralId}, with an earlier Audit line. */
    private static UUID linkedOpportunity(String referralId, String name) {
        UUID opportunity = world.crm().create(EntitySet.OPPORTUNITIES, TestJson.MAPPER.createObjectNode()
                .put("name", name).put("cosell_referralid", referralId).put("cosell_audit", "earlier line"));
        world.state().link(referralId, new CrmRecordRef("opportunities", opportunity.toString()));
        return opportunity;
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
        world.close();
    }

    @Test
    void a_linked_opportunity_gets_one_audit_line_every_try_a_log_line_and_the_message_waits_on_the_queue() {
        // given an opportunity linked to a referral, with an earlier audit line
        String referralId = UUID.randomUUID().toString();
        UUID opportunity = linkedOpportunity(referralId, "Contoso");
        SyncMessage message = new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-updated",
                Instant.now(), "k-" + referralId);
        SignInExpiredException revoked = new SignInExpiredException(400, OptionalInt.of(50173), "revoked");

        int delayedBefore = queueCounts().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

        // when the message meets the dead sign-in twice
        String line = messages.park(message, revoked);
        messages.park(message, revoked);

        // then
        assertThat(line).startsWith("Partner Center sign-in expired: an admin must sign in again (AADSTS50173: revoked)");
        String audit = world.crm().get(EntitySet.OPPORTUNITIES, opportunity, List.of("cosell_audit")).orElseThrow()
                .text("cosell_audit").orElseThrow();
        assertThat(audit.lines().toList()).hasSize(2).first().isEqualTo("earlier line");
        assertThat(audit.lines().toList().get(1)).contains("Partner Center → CRM · ✘ Partner Center sign-in expired: "
                + "an admin must sign in again (AADSTS50173: revoked)");
        assertThat(world.state().recentLog(referralId, 5)).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(entry.message()).startsWith(SignInExpiredException.NOTICE);
        });
        assertThat(queueCounts()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, delayedBefore + 2)
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, 0);
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"AuthFailures\":1.0") && l.contains("\"Reason\":\"REVOKED\""))).hasSize(2);
    }

    @Test
    void an_opportunity_not_yet_shared_is_logged_under_its_own_key_with_an_outbound_audit_line() {
        // given
        UUID opportunity = world.crm().create(EntitySet.OPPORTUNITIES, TestJson.MAPPER.createObjectNode()
                .put("name", "Fabrikam"));
        SyncMessage message = new SyncMessage(SyncDirection.CRM_TO_PC, null,
                new CrmRecordRef("opportunities", opportunity.toString()), "crm-opportunity-changed", Instant.now(), "k");

        // when
        messages.park(message, new SignInExpiredException(400, OptionalInt.of(700082), "expired"));

        // then
        List<SyncLogEntry> log = world.state().recentLog("opportunity#" + opportunity, 5);
        assertThat(log).singleElement().satisfies(entry -> assertThat(entry.message())
                .contains("AADSTS700082: expired after 90 days unused"));
        assertThat(world.crm().get(EntitySet.OPPORTUNITIES, opportunity, List.of("cosell_audit")).orElseThrow()
                .text("cosell_audit").orElseThrow()).contains("CRM → Partner Center · ✘ Partner Center sign-in expired");
    }

    @Test
    void an_audit_line_written_while_the_notice_is_being_added_is_kept() {
        // given: a linked opportunity whose Audit another sync extends right after the notice's read of it
        String referralId = UUID.randomUUID().toString();
        UUID opportunity = linkedOpportunity(referralId, "Northwind");
        AtomicBoolean written = new AtomicBoolean();
        DataverseClient racing = (DataverseClient) Proxy.newProxyInstance(DataverseClient.class.getClassLoader(),
                new Class<?>[]{DataverseClient.class}, (proxy, method, args) -> {
                    Object answer = invoke(method, world.crm(), args);
                    if (method.getName().equals("get") && written.compareAndSet(false, true)) {
                        world.crm().update(EntitySet.OPPORTUNITIES, opportunity, TestJson.MAPPER.createObjectNode()
                                .put("cosell_audit", "earlier line\nanother sync's line"), Optional.empty());
                    }
                    return answer;
                });
        SignInExpiredMessages parking = parking(racing, new ByteArrayOutputStream());

        // when
        parking.park(new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-updated", Instant.now(),
                "k-" + referralId), new SignInExpiredException(400, OptionalInt.of(50173), "revoked"));

        // then: the other sync's line and the notice, each once
        List<String> audit = world.crm().get(EntitySet.OPPORTUNITIES, opportunity, List.of("cosell_audit")).orElseThrow()
                .text("cosell_audit").orElseThrow().lines().toList();
        assertThat(audit).hasSize(3).startsWith("earlier line", "another sync's line");
        assertThat(audit.get(2)).contains("Partner Center sign-in expired");
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Map<QueueAttributeName, Integer> queueCounts() {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Integer.parseInt(e.getValue())));
    }
}
