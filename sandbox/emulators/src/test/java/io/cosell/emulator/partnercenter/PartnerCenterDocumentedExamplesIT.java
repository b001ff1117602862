package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cosell.emulator.partnercenter.ApiCaller.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented Partner Center request and response examples ({@code src/test/resources/examples/}, copies of the
 * reference examples under the same names): each request is sent as it is, and the answer must have the documented
 * status and shape. The webhook examples carry a placeholder for the callback URL, replaced by a real receiver's URL.
 */
class PartnerCenterDocumentedExamplesIT {

    private static final String REFERRALS = "/v1.0/engagements/referrals";
    private static final String REGISTRATION = "/webhooks/v1/registration";
    private static final List<String> CALLBACK_PLACEHOLDERS = List.of("{{YourCallbackUrl}}", "<<FlowUrl>>");

    private static final EntraEmulator entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
    private static final WebhookReceiver receiver = new WebhookReceiver();
    private PartnerCenterEmulator partnerCenter;
    private ApiCaller api;

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

    // ---- referrals

    @Test
    void theCreateRequestAnswers201ShapedLikeTheDocumentedResponse() {
        // given
        start(PartnerCenterSettings.sandboxDefaults());
        JsonNode documented = exampleJson("pc-referral-create-response.json");

        // when
        HttpResponse<String> response = api.call("POST", REFERRALS, api.referralsToken(),
                example("pc-referral-create-request.json"));

        // then
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = json(response);
        assertThat(fieldNames(created)).containsAll(fieldNames(documented));
        for (String same : List.of("name", "status", "substatus", "statusReason", "qualification", "type", "target",
                "customerProfile", "consent", "team", "inviteContext")) {
            assertThat(created.get(same)).as(same).isEqualTo(documented.get(same));
        }
        for (String same : List.of("notes", "dealValue", "currency", "requirements")) {
            assertThat(created.path("details").get(same)).as("details." + same)
                    .isEqualTo(documented.path("details").get(same));
        }
        assertThat(fieldNames(created.path("links"))).containsAll(fieldNames(documented.path("links")));
        assertThat(response.headers().firstValue("ETag")).contains(created.path("eTag").asText());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pc-referral-patch-request-add-team-member.json",
            "pc-referral-patch-request-dealvalue-addteam.json", "pc-referral-patch-request-dealvalue-notes.json",
            "pc-referral-patch-request-status-closed-won.json"})
    void eachPatchExampleIsAppliedAsDocumented(String example) {
        // given
        start(PartnerCenterSettings.sandboxDefaults());
        String token = api.referralsToken();
        String id = json(api.call("POST", REFERRALS, token, example("pc-referral-create-request.json")))
                .path("id").asText();
        int teamBefore = json(api.call("GET", REFERRALS + "/" + id, token, null)).path("team").size();

        // when
        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token, example(example));

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        JsonNode referral = json(api.call("GET", REFERRALS + "/" + id, token, null));
        int appended = 0;
        for (JsonNode operation : exampleJson(example)) {
            String path = operation.path("path").asText();
            JsonNode value = operation.path("value");
            if (path.endsWith("/-")) {
                JsonNode array = referral.at(path.substring(0, path.length() - 2));
                assertThat(array.get(teamBefore + appended++)).as(path).isEqualTo(value);
            } else if (path.equals("/details/dealValue")) {
                assertThat(referral.at(path).isNumber()).as(path + " is a number").isTrue();
                assertThat(referral.at(path).decimalValue()).isEqualByComparingTo(value.asText());
            } else {
                assertThat(referral.at(path)).as(path).isEqualTo(value);
            }
        }
    }

    @Test
    void theListIsShapedLikeTheDocumentedListAndPagesWithNextLink() {
        // given
        start(PartnerCenterSettings.sandboxDefaults().withPageSize(1));
        String token = api.referralsToken();
        api.call("POST", REFERRALS, token, example("pc-referral-create-request.json"));
        api.call("POST", REFERRALS, token, example("pc-referral-create-request.json"));
        JsonNode documented = exampleJson("pc-referral-list-response.json");

        // when
        HttpResponse<String> first = api.call("GET", REFERRALS, token, null);
        HttpResponse<String> second = api.call("GET", json(first).path("@odata.nextLink").asText(), token, null);

        // then
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode page = json(first);
        assertThat(fieldNames(page)).containsAll(fieldNames(documented));
        assertThat(page.path("@odata.count").asInt()).isEqualTo(2);
        assertThat(page.path("value")).hasSize(1);
        assertThat(fieldNames(page.path("value").get(0))).containsAll(fieldNames(documented.path("value").get(0)));
        assertThat(fieldNames(page.path("value").get(0).path("details")))
                .containsAll(fieldNames(documented.path("value").get(0).path("details")));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).path("value")).hasSize(1);
        assertThat(json(second).has("@odata.nextLink")).isFalse();
    }

    // ---- webhook registration

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, pc-webhook-registration-post-request.json, pc-webhook-registration-post-response.json",
            "PUT, pc-webhook-registration-put-request.json, pc-webhook-registration-put-response.json",
            "POST, pc-webhook-registration-referral-connector-request.json, pc-webhook-registration-post-response.json"})
    void eachRegistrationExampleAnswersTheDocumentedRegistration(String method, String request, String documentedAnswer) {
        // given
        start(PartnerCenterSettings.sandboxDefaults());
        String token = api.webhooksToken();
        JsonNode sent = parse(withCallback(example(request)));

        // when
        HttpResponse<String> response = api.call(method, REGISTRATION, token, withCallback(example(request)));

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode registration = json(response);
        assertThat(fieldNames(registration)).containsAll(fieldNames(exampleJson(documentedAnswer)));
        assertThat(registration.path("SubscriberId").asText()).isNotBlank();
        assertThat(registration.path("WebhookUrl").asText()).isEqualTo(receiver.url());
        assertThat(registration.path("WebhookEvents")).isEqualTo(sent.path("WebhookEvents"));
        JsonNode read = json(api.call("GET", REGISTRATION, token, null));
        assertThat(fieldNames(read)).containsAll(fieldNames(exampleJson("pc-webhook-registration-get-response.json")));
        assertThat(read.path("WebhookEvents")).isEqualTo(sent.path("WebhookEvents"));
    }

    @Test
    void theEventsListHasTheDocumentedEvents() {
        // given
        start(PartnerCenterSettings.sandboxDefaults());

        // when
        HttpResponse<String> response = api.call("GET", REGISTRATION + "/events", api.webhooksToken(), null);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsAll(exampleJson("pc-webhook-registration-events-list-response.json"));
    }

    @Test
    void aValidationEventAnswersAndReportsAsDocumented() {
        // given
        start(PartnerCenterSettings.sandboxDefaults());
        String token = api.webhooksToken();
        api.call("POST", REGISTRATION, token, withCallback(example("pc-webhook-registration-post-request.json")));
        JsonNode documentedResult = exampleJson("pc-webhook-registration-validation-event-get-response.json");

        // when
        HttpResponse<String> response = api.call("POST", REGISTRATION + "/validationEvents", token, null);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode accepted = json(response);
        assertThat(fieldNames(accepted))
                .containsExactlyElementsOf(fieldNames(exampleJson("pc-webhook-registration-validation-event-post-response.json")));
        String correlationId = accepted.path("correlationId").asText();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode result = json(api.call("GET", REGISTRATION + "/validationEvents/" + correlationId, token, null));
            assertThat(fieldNames(result)).containsAll(fieldNames(documentedResult));
            assertThat(result.path("correlationId").asText()).isEqualTo(correlationId);
            assertThat(result.path("status").asText()).isEqualTo(documentedResult.path("status").asText());
            assertThat(result.path("callbackUrl").asText()).isEqualTo(receiver.url());
            JsonNode attempt = result.path("results").get(0);
            JsonNode documentedAttempt = documentedResult.path("results").get(0);
            assertThat(fieldNames(attempt)).containsAll(fieldNames(documentedAttempt));
            for (String same : List.of("responseCode", "responseMessage", "systemError")) {
                assertThat(attempt.get(same)).as(same).isEqualTo(documentedAttempt.get(same));
            }
            assertThat(attempt.path("dateTimeUtc").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}");
        });
    }

    private void start(PartnerCenterSettings settings) {
        partnerCenter = PartnerCenterEmulator.start(0, entra, settings);
        api = new ApiCaller(partnerCenter.baseUri(), entra);
    }

    private static String withCallback(String body) {
        String replaced = body;
        for (String placeholder : CALLBACK_PLACEHOLDERS) {
            replaced = replaced.replace(placeholder, receiver.url());
        }
        return replaced;
    }

    private static String example(String name) {
        try (InputStream in = PartnerCenterDocumentedExamplesIT.class.getResourceAsStream("/examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode exampleJson(String name) {
        return parse(example(name));
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
