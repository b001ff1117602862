package io.cosell.shared.partnercenter;

import io.cosell.shared.testsupport.TestJson;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.partnercenter.RegistrationChange;
import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.testsupport.SandboxTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link HttpWebhookRegistrationClient} against the Partner Center emulator; a fresh tenant per test. */
class HttpWebhookRegistrationClientIT {

    private static final URI OUR_URL = URI.create("https://hooks.example.test/partner-center");
    private static final Set<String> EVENTS = Set.copyOf(ReferralEvents.ALL_REFERRAL_EVENTS);

    private static final EntraEmulator entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
    private PartnerCenterEmulator partnerCenter;
    private WebhookRegistrationClient client;

    @BeforeEach
    void start() {
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        client = clientWithScope(HttpWebhookRegistrationClient.SCOPE);
    }

    @AfterEach
    void stop() {
        partnerCenter.close();
    }

    @AfterAll
    static void stopEntra() {
        entra.close();
    }

    @Test
    void noRegistrationIsEmpty() {
        assertThat(client.current()).isEmpty();
    }

    @Test
    void registerCreatesTheRegistrationWhenThereIsNone() {
        // when
        RegistrationChange change = client.register(OUR_URL, EVENTS, true);

        // then
        assertThat(change.action()).isEqualTo(RegistrationChange.Action.CREATED);
        assertThat(change.before()).isEmpty();
        assertThat(change.after().webhookUrl()).isEqualTo(OUR_URL);
        assertThat(change.after().webhookEvents()).isEqualTo(EVENTS);
        assertThat(change.after().signatureInMsSignatureHeader()).isTrue();
        assertThat(change.after().subscriberId()).isEqualTo(PartnerCenterSettings.SANDBOX_ORGANIZATION_ID);
        assertThat(client.current()).contains(change.after());
    }

    @Test
    void registeringTheSameAgainChangesNothing() {
        RegistrationChange first = client.register(OUR_URL, EVENTS, true);

        RegistrationChange again = client.register(OUR_URL, EVENTS, true);

        assertThat(again.action()).isEqualTo(RegistrationChange.Action.UNCHANGED);
        assertThat(again.before()).contains(first.after());
        assertThat(again.after()).isEqualTo(first.after());
    }

    @Test
    void registerReplacesADifferentRegistration() {
        // given
        WebhookRegistration powerAutomate = client.register(URI.create("https://prod.flow.example/trigger"),
                Set.of(ReferralEvents.REFERRAL_CREATED), false).after();

        // when
        RegistrationChange change = client.register(OUR_URL, EVENTS, true);

        // then
        assertThat(change.action()).isEqualTo(RegistrationChange.Action.UPDATED);
        assertThat(change.before()).contains(powerAutomate);
        assertThat(client.current()).contains(change.after());
        assertThat(change.after().webhookUrl()).isEqualTo(OUR_URL);
    }

    @Test
    void aChangedSignatureHeaderModeIsAnUpdate() {
        client.register(OUR_URL, EVENTS, false);

        RegistrationChange change = client.register(OUR_URL, EVENTS, true);

        assertThat(change.action()).isEqualTo(RegistrationChange.Action.UPDATED);
        assertThat(client.current().orElseThrow().signatureInMsSignatureHeader()).isTrue();
    }

    @Test
    void supportedEventsIncludeTheReferralEvents() {
        assertThat(client.supportedEvents()).containsAll(ReferralEvents.ALL_REFERRAL_EVENTS)
                .contains(ReferralEvents.TEST_CREATED);
    }

    @Test
    void aReferralsApiTokenIsNotEnough() {
        WebhookRegistrationClient wrongAudience = clientWithScope(HttpReferralClient.SCOPE);

        ApiException unauthorized = catchThrowableOfType(ApiException.class, wrongAudience::current);

        assertThat(unauthorized.status()).isEqualTo(401);
    }

    private WebhookRegistrationClient clientWithScope(String scope) {
        return new HttpWebhookRegistrationClient(new ApiHttpClient(ApiHttpClient.defaultHttpClient(),
                SandboxTokens.clientCredentials(entra, scope), RetryPolicy.defaults(), Duration.ofSeconds(5), TestJson.MAPPER),
                partnerCenter.baseUri(), TestJson.MAPPER);
    }
}
