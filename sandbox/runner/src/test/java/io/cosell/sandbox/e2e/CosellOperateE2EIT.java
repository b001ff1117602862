package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import io.cosell.sandbox.lambda.Invocation;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bin/cosell doctor}, {@code status} and {@code schema adopt} over a running sandbox: doctor ✔ when healthy and
 * ✘ with a fix and a non-zero exit when a column is missing or a message waits on the dead-letter queue, and the same
 * answers from the admin function's {@code {"action":"doctor"}}; status shows a referral's sync log.
 */
class CosellOperateE2EIT {

    private static final Duration SYNC = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCTOR = "{\"action\":\"doctor\"}";
    private static Sandbox sandbox;
    private static SandboxClient client;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options()
                .withPollInterval(Duration.ofSeconds(2))
                // doctor's healthy answer counts the reconciler's first finished run: no need to wait the default 30 s
                .withReconcileInterval(Duration.ofSeconds(5)));
        client = new SandboxClient(sandbox);
        await().atMost(SYNC).until(() -> CosellRun.of(sandbox, "doctor").out().contains("✔ last reconciler run"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void doctorPassesEveryCheckOnAHealthySandbox() throws Exception {
        // when
        CosellRun doctor = CosellRun.of(sandbox, "doctor");
        CosellRun asJson = CosellRun.of(sandbox, "--json", "doctor");
        Invocation admin = sandbox.invokeAdmin(DOCTOR);

        // then
        assertThat(doctor.exitCode()).as(doctor.out() + doctor.err()).isZero();
        assertThat(doctor.out()).contains("✔ Dataverse token", "✔ Partner Center token", "✔ schema", "✔ mapping",
                "✔ state table", "✔ sync queue", "✔ dead-letter queue: empty",
                "✔ webhook registration: " + sandbox.receiverUrl() + " for all four referral events",
                "✔ last poller run: finished", "✔ last reconciler run: finished").doesNotContain("✘");
        JsonNode cli = JSON.readTree(asJson.out());
        assertThat(cli.path("ok").asBoolean()).isTrue();
        // and the admin function's doctor, with the function's own settings and clients, finds the same
        assertThat(admin.succeeded()).as("admin answered %s", admin.functionError()).isTrue();
        JsonNode report = JSON.readTree(admin.payloadUtf8());
        assertThat(report.path("ok").asBoolean()).as(report.toPrettyString()).isTrue();
        assertThat(report.path("checks").findValuesAsText("name"))
                .isEqualTo(cli.path("checks").findValuesAsText("name")).hasSize(11);
        assertThat(report.path("checks").get(8).path("detail").asText())
                .isEqualTo(sandbox.receiverUrl() + " for all four referral events");
        // both read the refresh token's age where the functions store it
        assertThat(cli.path("checks").get(1).path("detail").asText()).contains("the refresh token was stored ");
        assertThat(report.path("checks").get(1).path("detail").asText()).contains("the refresh token was stored ");
    }

    @Test
    void doctorFailsWithAFixWhenTheMappingNamesAColumnTheCrmDoesNotHave() throws Exception {
        // given
        Path mapping = Files.writeString(folder.resolve("mapping.json"),
                "{\"connectorColumns\": {\"audit\": \"cosell_synclog\"}}");

        // when
        CosellRun doctor = CosellRun.of(sandbox, "--mapping=" + mapping, "doctor");

        // then
        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.out()).contains("✘ schema: column opportunity.cosell_synclog missing",
                "fix: run bin/cosell schema install");
        assertThat(doctor.err()).startsWith("cosell: 1 of 11 checks failed: schema");
    }

    @Test
    void doctorFailsWithAFixWhileAMessageWaitsOnTheDeadLetterQueue() throws Exception {
        // given
        try (SqsClient sqs = AwsClients.sqs(AwsClientSettings.local(sandbox.sqs().endpoint()))) {
            String dlq = sandbox.sqs().queueUrl(Sandbox.SYNC_DLQ);
            sqs.sendMessage(b -> b.queueUrl(dlq).messageBody("{\"referralId\":\"dead-letter-test\"}"));

            // when
            CosellRun doctor = CosellRun.of(sandbox, "doctor");
            Invocation admin = sandbox.invokeAdmin(DOCTOR);

            // then
            assertThat(doctor.exitCode()).isEqualTo(1);
            assertThat(doctor.out()).contains("✘ dead-letter queue: 1 message(s) failed repeatedly",
                    "fix: see bin/cosell status");
            assertThat(admin.succeeded()).as("admin answered %s", admin.functionError()).isTrue();
            JsonNode report = JSON.readTree(admin.payloadUtf8());
            assertThat(report.path("ok").asBoolean()).isFalse();
            JsonNode deadLetters = report.path("checks").get(6);
            assertThat(deadLetters.path("name").asText()).isEqualTo("dead-letter queue");
            assertThat(deadLetters.path("ok").asBoolean()).isFalse();
            assertThat(deadLetters.path("detail").asText()).isEqualTo("1 message(s) failed repeatedly");
            assertThat(deadLetters.path("fix").asText()).startsWith("see bin/cosell status").endsWith("bin/cosell replay-dlq");
            sqs.purgeQueue(b -> b.queueUrl(dlq));
        }
    }

    @Test
    void statusShowsAReferralsLinkAndSyncLogNewestFirstAndTheOverviewCountsIt() throws Exception {
        // given a referral from Microsoft that synced to a lead
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode referral = client.microsoftSharesReferral(json("""
                {"name": "Status %s - Azure migration",
                 "customerProfile": {"name": "Status %s Ltd", "address": {"city": "Cork", "postalCode": "T12 %s", "country": "IE"},
                                     "team": [{"firstName": "Kim", "lastName": "Buyer", "email": "kim.%s@customer.example"}]}}"""
                .formatted(suffix, suffix, suffix.substring(0, 4), suffix)));
        String referralId = referral.path("id").asText();
        String leadId = await().atMost(SYNC).until(() -> client.crmRowsByReferral("leads", referralId), rows -> rows.size() == 1)
                .getFirst().path("leadid").asText();

        // when
        CosellRun byReferral = await().atMost(SYNC).until(() -> CosellRun.of(sandbox, "status", referralId),
                run -> run.out().contains("SYNCED"));
        CosellRun byLead = CosellRun.of(sandbox, "--json", "status", leadId);
        CosellRun overview = CosellRun.of(sandbox, "status");

        // then
        assertThat(byReferral.exitCode()).isZero();
        assertThat(byReferral.out()).contains("referral " + referralId, "linked to leads(" + leadId + ")",
                "sync log, newest first:", "PC_TO_CRM");
        JsonNode doc = JSON.readTree(byLead.out());
        assertThat(doc.path("referralId").asText()).isEqualTo(referralId);
        // newest first: a later sync of the same referral that found nothing to change may already be on top
        List<String> outcomes = doc.path("log").findValuesAsText("outcome");
        assertThat(outcomes).contains("SYNCED");
        assertThat(outcomes.getFirst()).isIn("SYNCED", "NO_CHANGE");
        assertThat(overview.exitCode()).isZero();
        assertThat(overview.out()).containsPattern("syncs since .*: .*\\d+ synced").contains("dead-letter queue: ");
        assertThat(CosellRun.of(sandbox, "status", "no-such-referral").err()).startsWith("cosell: nothing known about no-such-referral");
    }
}
