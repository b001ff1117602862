package io.cosell.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole sandbox, started once, used the way the README tells a newcomer to use it (curl-style HTTP). */
class SandboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPorts(SandboxPorts.anyFree())
                .withFunctionsDir(Path.of("target", "functions")));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void partnerCenterAnswersWithSeededReferralsForATokenFromEntra() throws Exception {
        // given
        String token = token("https://api.partner.microsoft.com/.default");

        // when
        HttpResponse<String> response = get(sandbox.partnerCenter().baseUri() + "/v1.0/engagements/referrals", token);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("value").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void dataverseAnswersWithSeededAccountsAndSolutionCatalogue() throws Exception {
        // given
        String token = token(sandbox.dataverse().scope());

        // when
        JsonNode accounts = JSON.readTree(get(sandbox.dataverse().apiRoot() + "accounts?$select=name,address1_country", token).body());
        JsonNode catalogue = JSON.readTree(get(sandbox.dataverse().apiRoot() + "cosell_solutiondetails", token).body());

        // then
        assertThat(accounts.path("value").size()).isGreaterThanOrEqualTo(2);
        assertThat(accounts.path("value").get(0).path("address1_country").asText()).hasSize(2);
        assertThat(catalogue.path("value").get(0).path("cosell_solutionid").asText()).startsWith("SOL-");
    }

    @Test
    void theRegistrationFunctionRegisteredTheReceiverForTheFourReferralEvents() throws Exception {
        // when
        JsonNode report = JSON.readTree(sandbox.registration());

        // then
        assertThat(report.path("registered").asBoolean()).isTrue();
        assertThat(report.path("webhookUrl").asText()).isEqualTo(sandbox.receiverUrl().toString());
        assertThat(report.path("webhookEvents")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "referral-created", "referral-updated", "related-referral-created", "related-referral-updated");
    }

    @Test
    void everyPartReportsItselfReadyOnceItsFunctionEnvironmentsHaveInitialised() {
        // when
        await().atMost(Duration.ofSeconds(120)).until(() -> sandbox.readiness().stream().allMatch(PartReadiness::up));

        // then
        assertThat(sandbox.readiness()).extracting(PartReadiness::name).containsExactlyElementsOf(Sandbox.PARTS);
        assertThat(sandbox.readiness(SandboxReadiness.SQS).data()).containsKey("messages")
                .containsKey("dead letters");
        assertThat(sandbox.readiness("function-crm-poller").data()).containsEntry("environments", "1/1");
        assertThat(sandbox.readiness(SandboxReadiness.REGISTRATION).data())
                .containsEntry("url", sandbox.receiverUrl().toString());
    }

    @Test
    void apisRejectRequestsWithoutAToken() throws Exception {
        assertThat(get(sandbox.partnerCenter().baseUri() + "/v1.0/engagements/referrals", null).statusCode()).isEqualTo(401);
        assertThat(get(sandbox.dataverse().apiRoot() + "accounts", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aReferralFromMicrosoftIsDeliveredSignedToTheRegisteredReceiver() throws Exception {
        // given: the sandbox registered its receiver for the four referral events at start-up
        String body = """
                {"name":"Contoso - Azure migration","customerProfile":{"name":"Contoso Ltd",
                 "address":{"city":"Dublin","postalCode":"D02 XY45","country":"IE"}}}""";

        // when
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                        URI.create(sandbox.partnerCenter().baseUri() + "/_sandbox/microsoft/referrals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(created.statusCode()).isBetween(200, 201);
        String referralId = JSON.readTree(created.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode delivery = deliveryFor(referralId);
            assertThat(delivery).isNotNull();
            assertThat(delivery.path("eventName").asText()).isEqualTo("referral-created");
            assertThat(delivery.path("url").asText()).isEqualTo(sandbox.receiverUrl().toString());
            assertThat(delivery.path("attempts").size()).isGreaterThanOrEqualTo(1);
            assertThat(delivery.path("attempts").get(0).path("status").asInt())
                    .as("signature verified and the event queued").isEqualTo(202);
        });
    }

    private static JsonNode deliveryFor(String referralId) throws IOException, InterruptedException {
        JsonNode deliveries = JSON.readTree(get(sandbox.partnerCenter().baseUri() + "/_sandbox/deliveries", null).body());
        JsonNode list = deliveries.isArray() ? deliveries : deliveries.path("value");
        for (JsonNode delivery : list) {
            if (referralId.equals(delivery.path("referralId").asText())) {
                return delivery;
            }
        }
        return null;
    }

    private static String token(String scope) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=sandbox&client_secret=sandbox&scope="
                + java.net.URLEncoder.encode(scope, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.entra().tokenUrl(Sandbox.TENANT)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
