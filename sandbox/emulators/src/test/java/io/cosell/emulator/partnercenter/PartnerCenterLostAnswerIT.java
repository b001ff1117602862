package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.UUID;

import static io.cosell.emulator.partnercenter.ApiCaller.encode;
import static io.cosell.emulator.partnercenter.ApiCaller.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The fault "act, then lose the answer" on the Partner Center emulator, set through {@code /_sandbox/faults}. */
class PartnerCenterLostAnswerIT {

    private static final String REFERRALS = "/v1.0/engagements/referrals";
    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static ApiCaller api;
    private static String token;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        api = new ApiCaller(partnerCenter.baseUri(), entra);
        token = api.referralsToken();
    }

    @AfterAll
    static void stop() {
        partnerCenter.close();
        entra.close();
    }

    @AfterEach
    void clearFaults() {
        api.call("DELETE", "/_sandbox/faults", null, null);
    }

    @Test
    void aPostWhoseAnswerIsLostStillCreatesTheReferralAndTheNextPostIsAnsweredAgain() {
        // given
        String externalId = UUID.randomUUID().toString();
        api.call("POST", "/_sandbox/faults", null,
                "{\"loseAnswers\": [{\"method\": \"POST\", \"path\": \"" + REFERRALS + "\", \"times\": 1}]}");

        // when
        Throwable lost = catchThrowable(() -> api.call("POST", REFERRALS, token,
                PartnerCenterReferralsIT.newReferral("Lost answer", "Independent").put("externalReferenceId", externalId)
                        .toString()));
        HttpResponse<String> next = api.call("POST", REFERRALS, token,
                PartnerCenterReferralsIT.newReferral("Answered", "Independent").toString());

        // then the first POST acted although its caller saw only a dropped connection
        assertThat(lost).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(IOException.class);
        HttpResponse<String> listed = api.call("GET", REFERRALS + "?$filter=" + encode("direction eq 'Outgoing'"), token, null);
        assertThat(json(listed).path("value").findValuesAsText("externalReferenceId")).containsOnlyOnce(externalId);
        assertThat(next.statusCode()).isEqualTo(201);
        JsonNode faults = json(api.call("GET", "/_sandbox/faults", null, null));
        assertThat(faults.at("/injected/lostAnswers").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(faults.path("loseAnswers")).isEmpty();
    }

    @Test
    void onlyTheConfiguredMethodAndPathLoseTheirAnswer() {
        // given
        api.call("POST", "/_sandbox/faults", null,
                "{\"loseAnswers\": [{\"method\": \"PATCH\", \"path\": \"" + REFERRALS + "/*\", \"times\": 5}]}");

        // when
        HttpResponse<String> created = api.call("POST", REFERRALS, token,
                PartnerCenterReferralsIT.newReferral("Created", "Independent").toString());
        String id = json(created).path("id").asText();
        HttpResponse<String> read = api.call("GET", REFERRALS + "/" + id, token, null);
        Throwable patched = catchThrowable(() -> api.call("PATCH", REFERRALS + "/" + id,
                token, "[{\"op\":\"replace\",\"path\":\"/details/notes\",\"value\":\"changed\"}]"));

        // then
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(patched).isInstanceOf(UncheckedIOException.class);
        assertThat(json(api.call("GET", REFERRALS + "/" + id, token, null)).at("/details/notes").asText())
                .isEqualTo("changed");
        assertThat(json(api.call("GET", "/_sandbox/faults", null, null)).at("/loseAnswers/0/times").asInt()).isEqualTo(4);
    }

    @Test
    void aBadRuleIsRefused() {
        // when
        HttpResponse<String> answer = api.call("POST", "/_sandbox/faults", null,
                "{\"loseAnswers\": [{\"method\": \"POST\", \"path\": \"\", \"times\": 1}]}");

        // then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).path("error").path("message").asText()).contains("method and a path");
    }
}
