package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.cosell.emulator.partnercenter.ApiCaller.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhooks registration API of the Partner Center emulator. The registration is per tenant, so every test gets
 * a fresh emulator (cheap: one in-memory server).
 */
class WebhookRegistrationIT {

    private static final String REGISTRATION = "/webhooks/v1/registration";

    private static final EntraEmulator entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
    private static final WebhookReceiver receiver = new WebhookReceiver();
    private PartnerCenterEmulator partnerCenter;
    private ApiCaller api;
    private String token;

    @BeforeEach
    void start() {
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        api = new ApiCaller(partnerCenter.baseUri(), entra);
        token = api.webhooksToken();
    }

    @AfterEach
    void stop() {
        partnerCenter.close();
        receiver.reset();
    }

    @AfterAll
    static void stopAll() {
        receiver.close();
        entra.close();
    }

    @Test
    void getWithoutARegistrationIs404() {
        HttpResponse<String> response = api.call("GET", REGISTRATION, token, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("itemNotFound");
    }

    @Test
    void postRegistersAndAnswersTheRegistration() {
        // when
        HttpResponse<String> response = api.call("POST", REGISTRATION, token, """
                {"WebhookUrl":"https://example.test/hook","WebhookEvents":["referral-created","referral-updated"]}""");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("SubscriberId").asText()).isEqualTo(PartnerCenterSettings.SANDBOX_ORGANIZATION_ID);
        assertThat(body.path("WebhookUrl").asText()).isEqualTo("https://example.test/hook");
        assertThat(body.path("WebhookEvents")).extracting(JsonNode::asText)
                .containsExactly("referral-created", "referral-updated");
        assertThat(json(api.call("GET", REGISTRATION, token, null))).isEqualTo(body);
    }

    @Test
    void camelCaseBodiesAndTheMsSignatureHeaderFlagAreAccepted() {
        HttpResponse<String> response = api.call("POST", REGISTRATION, token, """
                {"webhookUrl":"https://example.test/hook","webhookEvents":["referral-created"],
                 "signatureTokenToMsSignatureHeader":true}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("WebhookUrl").asText()).isEqualTo("https://example.test/hook");
        assertThat(json(response).path("SignatureTokenToMsSignatureHeader").asBoolean()).isTrue();
    }

    @Test
    void aSecondPostIs409() {
        api.call("POST", REGISTRATION, token, "{\"WebhookUrl\":\"https://a.test/\",\"WebhookEvents\":[\"referral-created\"]}");

        HttpResponse<String> response = api.call("POST", REGISTRATION, token,
                "{\"WebhookUrl\":\"https://b.test/\",\"WebhookEvents\":[\"referral-created\"]}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).path("error").path("message").asText()).contains("use the PUT method");
        assertThat(json(api.call("GET", REGISTRATION, token, null)).path("WebhookUrl").asText()).isEqualTo("https://a.test/");
    }

    @Test
    void putReplacesTheRegistration() {
        api.call("POST", REGISTRATION, token, "{\"WebhookUrl\":\"https://a.test/\",\"WebhookEvents\":[\"referral-created\"]}");

        HttpResponse<String> response = api.call("PUT", REGISTRATION, token,
                "{\"WebhookUrl\":\"https://b.test/\",\"WebhookEvents\":[\"referral-updated\",\"test-created\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode current = json(api.call("GET", REGISTRATION, token, null));
        assertThat(current.path("WebhookUrl").asText()).isEqualTo("https://b.test/");
        assertThat(current.path("WebhookEvents")).extracting(JsonNode::asText)
                .containsExactly("referral-updated", "test-created");
    }

    @Test
    void anUnknownEventOrABadUrlIs400() {
        assertThat(api.call("POST", REGISTRATION, token,
                "{\"WebhookUrl\":\"https://a.test/\",\"WebhookEvents\":[\"referral-deleted\"]}").statusCode()).isEqualTo(400);
        assertThat(api.call("POST", REGISTRATION, token,
                "{\"WebhookUrl\":\"not a url\",\"WebhookEvents\":[\"referral-created\"]}").statusCode()).isEqualTo(400);
    }

    @Test
    void eventsListsTheReferralEventsAndTestCreated() {
        HttpResponse<String> response = api.call("GET", REGISTRATION + "/events", token, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).extracting(JsonNode::asText).contains("referral-created", "referral-updated",
                "related-referral-created", "related-referral-updated", "test-created");
    }

    @Test
    void aValidationEventIsDeliveredAndItsResultCanBeRead() {
        // given
        api.call("POST", REGISTRATION, token,
                "{\"WebhookUrl\":\"" + receiver.url() + "\",\"WebhookEvents\":[\"test-created\"]}");

        // when
        HttpResponse<String> response = api.call("POST", REGISTRATION + "/validationEvents", token, null);
        String correlationId = json(response).path("correlationId").asText();

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.receivedContaining(correlationId).isEmpty());
        assertThat(receiver.receivedContaining(correlationId).getFirst().bodyText())
                .contains("\"EventName\":\"test-created\"");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode result = json(api.call("GET", REGISTRATION + "/validationEvents/" + correlationId, token, null));
            assertThat(result.path("status").asText()).isEqualTo("completed");
            assertThat(result.path("callbackUrl").asText()).isEqualTo(receiver.url());
            assertThat(result.path("results").get(0).path("responseCode").asText()).isEqualTo("OK");
        });
    }

    @Test
    void aValidationEventNeedsTheTestCreatedEventInTheRegistration() {
        api.call("POST", REGISTRATION, token,
                "{\"WebhookUrl\":\"" + receiver.url() + "\",\"WebhookEvents\":[\"referral-created\"]}");

        assertThat(api.call("POST", REGISTRATION + "/validationEvents", token, null).statusCode()).isEqualTo(400);
    }

    @Test
    void validationEventsAreLimitedToTwoPerMinute() {
        // given
        api.call("POST", REGISTRATION, token,
                "{\"WebhookUrl\":\"" + receiver.url() + "\",\"WebhookEvents\":[\"test-created\"]}");
        api.call("POST", REGISTRATION + "/validationEvents", token, null);
        api.call("POST", REGISTRATION + "/validationEvents", token, null);

        // when
        HttpResponse<String> third = api.call("POST", REGISTRATION + "/validationEvents", token, null);

        // then
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 61));
    }

    @Test
    void theValidationEventLimitIsConfigurable() {
        try (PartnerCenterEmulator generous = PartnerCenterEmulator.start(0, entra,
                PartnerCenterSettings.sandboxDefaults().withValidationEventsPerMinute(5))) {
            ApiCaller caller = new ApiCaller(generous.baseUri(), entra);
            caller.call("POST", REGISTRATION, token,
                    "{\"WebhookUrl\":\"" + receiver.url() + "\",\"WebhookEvents\":[\"test-created\"]}");

            for (int i = 0; i < 5; i++) {
                assertThat(caller.call("POST", REGISTRATION + "/validationEvents", token, null).statusCode()).isEqualTo(200);
            }
            assertThat(caller.call("POST", REGISTRATION + "/validationEvents", token, null).statusCode()).isEqualTo(429);
        }
    }
}
