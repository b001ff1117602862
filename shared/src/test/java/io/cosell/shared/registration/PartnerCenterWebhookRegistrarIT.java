package io.cosell.shared.registration;

import io.cosell.shared.testsupport.TestJson;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.partnercenter.HttpWebhookRegistrationClient;
import io.cosell.shared.partnercenter.WebhookRegistration;
import io.cosell.shared.partnercenter.WebhookRegistrationClient;
import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.testsupport.SandboxTokens;
import io.cosell.shared.testsupport.StubHttpServer;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.RegistrationReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The registration use case against the Partner Center emulator: cut-over from Power Automate, idempotent re-runs. */
class PartnerCenterWebhookRegistrarIT {

    private static final URI OUR_URL = URI.create("https://abc123.lambda-url.eu-west-1.on.aws/");
    private static final URI POWER_AUTOMATE_URL = URI.create("https://prod-01.westeurope.logic.azure.com/workflows/1");

    private EntraEmulator entra;
    private PartnerCenterEmulator partnerCenter;
    private WebhookRegistrationClient client;
    private PartnerCenterWebhookRegistrar registrar;
    private final StubHttpServer receiver = StubHttpServer.start();

    @BeforeEach
    void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults()
                .withDeliveryDelays(Duration.ofMillis(10), Duration.ofMillis(20)));
        client = new HttpWebhookRegistrationClient(new ApiHttpClient(ApiHttpClient.defaultHttpClient(),
                SandboxTokens.clientCredentials(entra, HttpWebhookRegistrationClient.SCOPE), RetryPolicy.defaults(),
                Duration.ofSeconds(5), TestJson.MAPPER), partnerCenter.baseUri(), TestJson.MAPPER);
        registrar = new PartnerCenterWebhookRegistrar(client, Clock.systemUTC(), Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        receiver.close();
        partnerCenter.close();
        entra.close();
    }

    @Test
    void takesOverFromPowerAutomateForAllFourReferralEventsAndSaysWhatItReplaced() {
        // given Microsoft's flow is registered for two events
        client.register(POWER_AUTOMATE_URL, Set.of(ReferralEvents.REFERRAL_CREATED, ReferralEvents.REFERRAL_UPDATED), false);

        // when
        RegistrationReport report = registrar.register(OUR_URL);

        // then
        assertThat(report.registered()).isTrue();
        assertThat(report.webhookUrl()).isEqualTo(OUR_URL);
        assertThat(report.webhookEvents()).containsExactlyInAnyOrderElementsOf(ReferralEvents.ALL_REFERRAL_EVENTS);
        assertThat(report.message()).contains("replacing " + POWER_AUTOMATE_URL);
        assertThat(client.current()).get().extracting(WebhookRegistration::signatureInMsSignatureHeader).isEqualTo(true);
    }

    @Test
    void runningItTwiceChangesNothing() {
        // given
        registrar.register(OUR_URL);

        // when
        RegistrationReport again = registrar.register(OUR_URL);

        // then
        assertThat(again.message()).isEqualTo("already registered as wanted; nothing changed");
        assertThat(registrar.show().webhookUrl()).isEqualTo(OUR_URL);
    }

    @Test
    void showSaysWhenNothingIsRegistered() {
        // when
        RegistrationReport shown = registrar.show();

        // then
        assertThat(shown.registered()).isFalse();
        assertThat(shown.message()).isEqualTo("no webhook is registered");
    }

    @Test
    void registerAndValidateRegistersTestCreatedTooAndReportsThatTheUrlAnswered200() {
        // given a receiver that answers Partner Center's test event with 200
        receiver.answer("/hook", 200, Map.of(), new byte[0]);

        // when
        RegistrationReport report = registrar.registerAndValidate(receiver.url("/hook"), inSeconds(30));

        // then
        assertThat(report.webhookEvents()).containsAll(ReferralEvents.ALL_REFERRAL_EVENTS).contains(ReferralEvents.TEST_CREATED);
        assertThat(report.message()).contains("validation event").contains("was answered 200 OK");
        assertThat(receiver.requests("/hook")).isNotEmpty()
                .allSatisfy(request -> assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("test-created"));
    }

    @Test
    void registerAndValidateFailsWithWhatTheUrlAnsweredAndWhatToDo() {
        // given a receiver that refuses the event (as one with a wrong signature setting would)
        receiver.answer("/hook", 401, Map.of(), new byte[0]);

        // when
        Throwable failure = catchThrowable(() -> registrar.registerAndValidate(receiver.url("/hook"), inSeconds(30)));

        // then
        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was answered Unauthorized")
                .hasMessageContaining("must answer Partner Center's signed test-created event with 200");
        assertThat(client.current()).get().extracting(WebhookRegistration::webhookUrl).isEqualTo(receiver.url("/hook"));
    }

    @Test
    void registerAndValidateGivesUpBeforeTheDeadlineWhenNoAnswerComes() throws IOException {
        // given a receiver that takes the validation event and never answers, and an invocation with no more time
        // left than it needs to answer its caller
        try (ServerSocket silent = new ServerSocket(0)) {
            URI hook = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hook");
            Deadline deadline = inSeconds(10);

            // when
            Throwable failure = catchThrowable(() -> registrar.registerAndValidate(hook, deadline));

            // then it answers at once instead of waiting past the deadline
            assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("validation event");
            assertThat(deadline.remaining(Instant.now())).isGreaterThan(Duration.ofSeconds(5));
        }
    }

    private static Deadline inSeconds(int seconds) {
        return new Deadline(Instant.now().plusSeconds(seconds));
    }
}
