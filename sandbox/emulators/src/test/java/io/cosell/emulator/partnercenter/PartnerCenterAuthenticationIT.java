package io.cosell.emulator.partnercenter;

import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.cosell.emulator.partnercenter.ApiCaller.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Bearer tokens per API audience, and the injected 429 fault, on the Partner Center emulator. */
class PartnerCenterAuthenticationIT {

    private static final String REFERRALS = "/v1.0/engagements/referrals";
    private static final String REGISTRATION = "/webhooks/v1/registration/events";

    private static final MovableClock clock = new MovableClock();
    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static ApiCaller api;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults(), clock);
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        api = new ApiCaller(partnerCenter.baseUri(), entra);
    }

    @AfterAll
    static void stop() {
        partnerCenter.close();
        entra.close();
    }

    @AfterEach
    void resetFaults() {
        api.call("DELETE", "/_sandbox/faults", null, null);
    }

    @Test
    void withoutATokenTheReferralsApiIs401Unauthenticated() {
        HttpResponse<String> response = api.call("GET", REFERRALS, null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("unauthenticated");
        assertThat(json(response).path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void aTokenForTheReferralsAudienceIsAccepted() {
        assertThat(api.call("GET", REFERRALS, api.referralsToken(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        HttpResponse<String> referrals = api.call("GET", REFERRALS, api.webhooksToken(), null);
        HttpResponse<String> webhooks = api.call("GET", REGISTRATION, api.referralsToken(), null);

        assertThat(referrals.statusCode()).isEqualTo(401);
        assertThat(json(referrals).path("error").path("code").asText()).isEqualTo("unauthenticated");
        assertThat(webhooks.statusCode()).isEqualTo(401);
    }

    @Test
    void theWebhooksApiAcceptsATokenForThePartnerCenterAudience() {
        assertThat(api.call("GET", REGISTRATION, api.webhooksToken(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs401() {
        // given
        String token = api.referralsToken();

        // when
        clock.advance(Duration.ofHours(2));
        HttpResponse<String> response = api.call("GET", REFERRALS, token, null);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").path("message").asText()).contains("expired");
    }

    @Test
    void anUnknownTokenIs401() {
        assertThat(api.call("GET", REFERRALS, "not-a-token", null).statusCode()).isEqualTo(401);
    }

    @Test
    void injectedThrottlingAnswers429WithRetryAfter() {
        // given
        api.call("POST", "/_sandbox/faults", null, "{\"throttleShare\":1.0,\"retryAfterSeconds\":7}");

        // when
        HttpResponse<String> response = api.call("GET", REFERRALS, api.referralsToken(), null);

        // then
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        assertThat(api.call("GET", "/_sandbox/faults", null, null).body())
                .as("the faults endpoint counts what it injected").containsPattern("\"injected\":\\{\"429\":[1-9]");
    }

    @Test
    void theSandboxControlApiNeedsNoToken() {
        assertThat(api.call("GET", "/_sandbox/referrals", null, null).statusCode()).isEqualTo(200);
    }

    /** A clock tests move forward to expire tokens. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
