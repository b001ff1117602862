package io.cosell.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.TestSandboxes;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cosell.sandbox.e2e.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bin/cosell consent}, {@code register}, {@code resync} and {@code replay-dlq} over a running sandbox, and the
 * doctor's ✘ for a revoked refresh token and for a registration that points elsewhere.
 */
class CosellAdminE2EIT {

    private static final Duration SYNC = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TestSandboxes.options()
                .withPollInterval(Duration.ofSeconds(2)));
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void consentByDeviceCodeReplacesARevokedRefreshTokenWhereTheFunctionsReadIt() throws Exception {
        // given every refresh token revoked (an admin's "revoke sessions")
        Path stored = sandbox.secretsFolder().resolve("partner-center-refresh-token");
        String before = Files.readString(stored);
        sandbox.entra().revokeRefreshTokens();
        CosellRun broken = CosellRun.of(sandbox, "doctor");

        // when the Referrals admin signs in with the code consent shows
        StringWriter shown = new StringWriter();
        CompletableFuture<CosellRun> consent = CosellRun.start(sandbox, shown, "consent", "--timeout=120");
        String userCode = await().atMost(Duration.ofSeconds(60)).until(() -> userCode(shown.toString()), code -> code != null);
        HttpResponse<String> approval = HTTP.send(HttpRequest.newBuilder(
                        URI.create(sandbox.entra().server().baseUri() + "/_sandbox/device/approve"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_code\":\"" + userCode + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        CosellRun consented = consent.get(120, TimeUnit.SECONDS);

        // then
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("✘ Partner Center token", "fix: the refresh token is missing, expired or "
                + "revoked: run bin/cosell consent");
        assertThat(approval.statusCode()).isEqualTo(200);
        assertThat(consented.exitCode()).as(consented.out() + consented.err()).isZero();
        String after = Files.readString(stored);
        assertThat(after).isNotBlank().isNotEqualTo(before);
        assertThat(consented.out()).contains("verified: the Referrals API answered",
                "stored the refresh token in " + stored.toAbsolutePath()).doesNotContain(after);
        assertThat(Files.getPosixFilePermissions(stored)).hasSize(2);
        CosellRun healthy = CosellRun.of(sandbox, "doctor");
        assertThat(healthy.out()).contains("✔ Partner Center token");
        // and a sync works after it
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String referralId = client.microsoftSharesReferral(json("""
                {"name": "Consent %s - Azure", "customerProfile": {"name": "Consent %s Ltd",
                 "address": {"city": "Sligo", "postalCode": "F91 %s", "country": "IE"}}}"""
                .formatted(suffix, suffix, suffix.substring(0, 4)))).path("id").asText();
        await().atMost(SYNC).until(() -> client.crmRowsByReferral("leads", referralId), rows -> rows.size() == 1);
    }

    private static String userCode(String shown) {
        Matcher matcher = Pattern.compile("user code: (\\w+)").matcher(shown);
        return matcher.find() ? matcher.group(1) : null;
    }

    @Test
    void registerOverwritesAnotherRegistrationThatDoctorReportsWithItsFix() throws Exception {
        // given Partner Center sends the referral events elsewhere (e.g. Microsoft's Power Automate flow)
        CosellRun elsewhere = CosellRun.of(sandbox, "register", "--url=https://flows.example/referrals",
                "--no-validation");
        CosellRun doctor = CosellRun.of(sandbox, "doctor");

        // when
        CosellRun register = CosellRun.of(sandbox, "register");
        CosellRun show = CosellRun.of(sandbox, "--json", "register", "--show");

        // then
        assertThat(elsewhere.exitCode()).as(elsewhere.err()).isZero();
        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.out()).contains("✘ webhook registration: Partner Center sends the referral events to "
                + "https://flows.example/referrals, not to this deployment's " + sandbox.receiverUrl(),
                "fix: run bin/cosell register");
        assertThat(doctor.err()).contains("webhook registration");
        assertThat(register.exitCode()).as(register.out() + register.err()).isZero();
        assertThat(register.out()).contains("before: https://flows.example/referrals for",
                "after:  " + sandbox.receiverUrl() + " for", "validation event");
        JsonNode current = JSON.readTree(show.out()).path("before");
        assertThat(current.path("webhookUrl").asText()).isEqualTo(sandbox.receiverUrl().toString());
        assertThat(current.path("webhookEvents").toString()).contains("referral-created", "referral-updated",
                "related-referral-created", "related-referral-updated");
    }

    @Test
    void resyncAndReplayDlqQueueThroughTheAdminUseCases() throws Exception {
        // given a referral synced to a lead, and a dead letter of another referral
        String referralId = client.microsoftSharesReferral(json("{\"name\": \"Resync Ltd - Dynamics 365\"}"))
                .path("id").asText();
        await().atMost(SYNC).until(() -> client.crmRowsByReferral("leads", referralId), rows -> rows.size() == 1);
        String deadId = client.microsoftSharesReferral(json("{\"name\": \"Dead Letter Ltd - Dynamics 365\"}"))
                .path("id").asText();
        try (SqsClient sqs = AwsClients.sqs(AwsClientSettings.local(sandbox.sqs().endpoint()))) {
            sqs.sendMessage(b -> b.queueUrl(sandbox.sqs().queueUrl(Sandbox.SYNC_DLQ)).messageBody("""
                    {"direction":"PC_TO_CRM","referralId":"%s","eventName":"referral-created","changeDate":"%s",\
                    "dedupeKey":"referral-created#%s"}""".formatted(deadId, Instant.now(), deadId)));
        }

        // when
        CosellRun resync = CosellRun.of(sandbox, "resync", "--referral", referralId);
        CosellRun replay = CosellRun.of(sandbox, "--json", "replay-dlq", "--referral", deadId);
        CosellRun neither = CosellRun.of(sandbox, "resync");

        // then
        assertThat(resync.exitCode()).as(resync.err()).isZero();
        assertThat(resync.out()).contains("queued", referralId);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        JsonNode report = JSON.readTree(replay.out());
        assertThat(report.path("queued")).singleElement()
                .satisfies(line -> assertThat(line.asText()).contains("referral " + deadId));
        assertThat(report.path("left").asInt()).isZero();
        await().atMost(SYNC).until(() -> client.crmRowsByReferral("leads", deadId), rows -> rows.size() == 1);
        assertThat(client.crmRowsByReferral("leads", referralId)).hasSize(1);
        assertThat(neither.exitCode()).isNotZero();
        assertThat(neither.err()).contains("--referral", "--opportunity");
    }
}
