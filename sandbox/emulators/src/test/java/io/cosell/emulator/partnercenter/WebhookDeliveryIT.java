package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.http.Json;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static io.cosell.emulator.partnercenter.ApiCaller.json;
import static io.cosell.emulator.partnercenter.PartnerCenterReferralsIT.newReferral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signed webhook deliveries of the Partner Center emulator to a tiny local receiver, with retries and faults. */
class WebhookDeliveryIT {

    private static final String REFERRALS = "/v1.0/engagements/referrals";
    private static final List<String> REFERRAL_EVENTS = List.of("referral-created", "referral-updated",
            "related-referral-created", "related-referral-updated");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static WebhookReceiver receiver;
    private static ApiCaller api;
    private static String referralsToken;
    private static String webhooksToken;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults()
                .withDeliveryDelays(Duration.ofMillis(1), Duration.ofMillis(20)));
        receiver = new WebhookReceiver();
        api = new ApiCaller(partnerCenter.baseUri(), entra);
        referralsToken = api.referralsToken();
        webhooksToken = api.webhooksToken();
    }

    @AfterAll
    static void stop() {
        partnerCenter.close();
        receiver.close();
        entra.close();
    }

    @AfterEach
    void reset() {
        api.call("DELETE", "/_sandbox/faults", null, null);
        receiver.reset();
    }

    @Test
    void aCreatedReferralIsNotifiedWithTheDocumentedPayloadAndHeaders() throws Exception {
        // given
        register(REFERRAL_EVENTS, false);

        // when
        String id = createReferral().path("id").asText();

        // then
        WebhookReceiver.Received received = awaitOne(id);
        JsonNode payload = Json.MAPPER.readTree(received.body());
        assertThat(payload.path("EventName").asText()).isEqualTo("referral-created");
        assertThat(payload.path("ResourceUri").asText())
                .isEqualTo(partnerCenter.baseUri() + "/engagements/v1/referrals/" + id);
        assertThat(payload.path("ResourceName").asText()).isEqualTo("referral");
        assertThat(payload.has("AuditUri")).isTrue();
        assertThat(payload.path("AuditUri").isNull()).isTrue();
        assertThat(payload.path("ResourceChangeUtcDate").asText()).matches(".*T.*\\+00:00");
        assertThat(received.headers().get("content-type")).isEqualTo("application/json");
        assertThat(received.headers().get("authorization")).startsWith("Signature ");
        assertThat(received.headers()).doesNotContainKey("x-ms-signature");
        assertThat(received.headers().get("x-ms-signature-algorithm")).isEqualTo("rsa-sha256");
        assertThat(received.headers().get("x-ms-certificate-url"))
                .isEqualTo(partnerCenter.baseUri() + "/_sandbox/certificates/pcnotifications.cer");
    }

    @Test
    void theSignatureVerifiesWithTheDownloadedCertificateWhichChainsThroughTheIntermediateNamedByItsAiaToTheSandboxCa()
            throws Exception {
        // given
        register(REFERRAL_EVENTS, false);
        String id = createReferral().path("id").asText();
        WebhookReceiver.Received received = awaitOne(id);

        // when
        X509Certificate signing = certificate(api.download(received.headers().get("x-ms-certificate-url")).body());
        String issuerUrl = caIssuersUrl(signing);
        X509Certificate intermediate = certificate(api.download(issuerUrl).body());
        X509Certificate ca = certificate(api.download(partnerCenter.baseUri() + "/_sandbox/certificates/ca.cer").body());

        // then
        assertThat(issuerUrl).isEqualTo(partnerCenter.baseUri() + "/_sandbox/certificates/issuing-ca-01.cer");
        assertThat(ca).isEqualTo(partnerCenter.signingCaCertificate());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Co-sell Sandbox Root CA,O=Co-sell Sandbox");
        assertThat(intermediate.getSubjectX500Principal().getName())
                .isEqualTo("CN=Co-sell Sandbox Issuing CA 01,O=Co-sell Sandbox");
        assertThat(signing.getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());
        assertThat(intermediate.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        PKIXParameters trust = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        trust.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(signing, intermediate)), trust);
        assertThat(verifies(signing, received.body(), received.headers().get("authorization"))).isTrue();
        assertThat(verifies(signing, (new String(received.body()) + " ").getBytes(),
                received.headers().get("authorization"))).isFalse();
    }

    /** The caIssuers URI of the certificate's Authority Information Access extension. */
    private static String caIssuersUrl(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        assertThat(extension).as("Authority Information Access").isNotNull();
        AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                ASN1OctetString.getInstance(extension).getOctets());
        return Arrays.stream(access.getAccessDescriptions())
                .filter(description -> description.getAccessMethod().equals(AccessDescription.id_ad_caIssuers))
                .map(description -> description.getAccessLocation().getName().toString())
                .findFirst().orElseThrow();
    }

    @Test
    void withSignatureTokenToMsSignatureHeaderTheSignatureGoesInXMsSignature() throws Exception {
        // given
        register(REFERRAL_EVENTS, true);

        // when
        String id = createReferral().path("id").asText();

        // then
        WebhookReceiver.Received received = awaitOne(id);
        assertThat(received.headers()).doesNotContainKey("authorization");
        assertThat(received.headers().get("x-ms-signature")).startsWith("Signature ");
        X509Certificate signing = certificate(api.download(received.headers().get("x-ms-certificate-url")).body());
        assertThat(verifies(signing, received.body(), received.headers().get("x-ms-signature"))).isTrue();
    }

    @Test
    void onlyRegisteredEventsAreSent() {
        // given
        register(List.of("referral-updated"), false);

        // when
        String id = createReferral().path("id").asText();
        patch(id, "[{\"op\":\"replace\",\"path\":\"/details/notes\",\"value\":\"changed\"}]");

        // then
        awaitOne(id);
        assertThat(deliveriesFor(id)).extracting(d -> d.path("eventName").asText()).containsExactly("referral-updated");
    }

    @Test
    void aPartnerChangeIsNotifiedAsReferralUpdated() throws Exception {
        register(REFERRAL_EVENTS, false);
        String id = createReferral().path("id").asText();

        patch(id, "[{\"op\":\"replace\",\"path\":\"/details/dealValue\",\"value\":5}]");

        await().atMost(WAIT).until(() -> receiver.receivedContaining(id).size() == 2);
        assertThat(eventNames(id)).containsExactlyInAnyOrder("referral-created", "referral-updated");
    }

    @Test
    void aSharedReferralNotifiesTheRelatedMicrosoftReferral() throws Exception {
        // given
        register(REFERRAL_EVENTS, false);
        ObjectNode body = newReferral("co-sell", "Shared");
        body.withObject("/consent").put("consentToShareReferralWithMicrosoftSellers", true);

        // when
        String engagementId = json(api.call("POST", REFERRALS, referralsToken, body.toString()))
                .path("engagementId").asText();

        // then
        String microsoftId = microsoftSideOf(engagementId);
        await().atMost(WAIT).until(() -> !receiver.receivedContaining(microsoftId).isEmpty());
        assertThat(eventNames(microsoftId)).containsExactly("related-referral-created");
    }

    @Test
    void microsoftCreatingAReferralNotifiesReferralCreated() throws Exception {
        register(REFERRAL_EVENTS, false);

        HttpResponse<String> response = api.call("POST", "/_sandbox/microsoft/referrals", null,
                "{\"name\":\"From a Microsoft seller\",\"details\":{\"dealValue\":777}}");

        JsonNode created = json(response);
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(created.path("status").asText()).isEqualTo("New");
        assertThat(created.path("substatus").asText()).isEqualTo("Received");
        assertThat(created.path("direction").asText()).isEqualTo("Incoming");
        assertThat(created.path("type").asText()).isEqualTo("Shared");
        assertThat(created.path("inviteContext").path("invitedBy").path("organizationId").asText()).isEqualTo("msft");
        assertThat(created.path("details").path("dealValue").asInt()).isEqualTo(777);
        assertThat(created.path("details").path("currency").asText()).isEqualTo("USD");
        assertThat(created.path("expirationDateTime").asText()).isNotBlank();
        String id = created.path("id").asText();
        awaitOne(id);
        assertThat(eventNames(id)).containsExactly("referral-created");
    }

    @Test
    void microsoftChangingTheReferralsNotifiesUpdatedOrRelatedUpdated() throws Exception {
        // given
        register(REFERRAL_EVENTS, false);
        ObjectNode body = newReferral("co-sell 2", "Shared");
        body.withObject("/consent").put("consentToShareReferralWithMicrosoftSellers", true);
        JsonNode partnerSide = json(api.call("POST", REFERRALS, referralsToken, body.toString()));
        String partnerId = partnerSide.path("id").asText();
        String microsoftId = microsoftSideOf(partnerSide.path("engagementId").asText());

        // when
        HttpResponse<String> changedPartnerSide = api.call("PATCH", "/_sandbox/microsoft/referrals/" + partnerId, null,
                "{\"trackingInfo\":{\"microsoftMsxId\":\"7-ABCDEF123\"},\"details\":{\"dealValue\":99000}}");
        HttpResponse<String> changedMicrosoftSide = api.call("PATCH", "/_sandbox/microsoft/referrals/" + microsoftId,
                null, "{\"status\":\"Active\",\"substatus\":\"Accepted\"}");

        // then
        assertThat(changedPartnerSide.statusCode()).isEqualTo(200);
        JsonNode read = json(api.call("GET", REFERRALS + "/" + partnerId, referralsToken, null));
        assertThat(read.path("trackingInfo").path("microsoftMsxId").asText()).isEqualTo("7-ABCDEF123");
        assertThat(read.path("details").path("dealValue").asInt()).isEqualTo(99000);
        assertThat(read.path("details").path("currency").asText()).isEqualTo("USD");
        assertThat(read.path("eTag")).isNotEqualTo(partnerSide.path("eTag"));
        assertThat(json(changedMicrosoftSide).path("status").asText()).isEqualTo("Active");
        await().atMost(WAIT).until(() -> receiver.receivedContaining(partnerId).size() == 2
                && receiver.receivedContaining(microsoftId).size() == 2);
        assertThat(eventNames(partnerId)).containsExactlyInAnyOrder("referral-created", "referral-updated");
        assertThat(eventNames(microsoftId)).containsExactlyInAnyOrder("related-referral-created",
                "related-referral-updated");
    }

    @Test
    void failedDeliveriesAreRetriedUpToTenAttemptsThenGivenUp() {
        // given
        register(REFERRAL_EVENTS, false);
        receiver.answerAlways(500);

        // when
        String id = createReferral().path("id").asText();

        // then
        await().atMost(WAIT).until(() -> deliveryOf(id).path("outcome").asText().equals("failed"));
        assertThat(deliveryOf(id).path("attempts")).hasSize(10)
                .allSatisfy(attempt -> assertThat(attempt.path("status").asInt()).isEqualTo(500));
        assertThat(receiver.receivedContaining(id)).hasSize(10);
    }

    @Test
    void aDeliveryThatFailsTwiceIsDeliveredOnTheThirdAttempt() {
        register(REFERRAL_EVENTS, false);
        receiver.answerNext(503, 500);

        String id = createReferral().path("id").asText();

        await().atMost(WAIT).until(() -> deliveryOf(id).path("outcome").asText().equals("delivered"));
        assertThat(deliveryOf(id).path("attempts")).extracting(a -> a.path("status").asInt())
                .containsExactly(503, 500, 200);
    }

    @Test
    void anUnreachableUrlIsRetriedAndRecordedAsErrors() {
        register(REFERRAL_EVENTS, false);
        api.call("PUT", "/webhooks/v1/registration", webhooksToken,
                "{\"WebhookUrl\":\"http://127.0.0.1:1/nothing\",\"WebhookEvents\":[\"referral-created\"]}");

        String id = createReferral().path("id").asText();

        await().atMost(WAIT).until(() -> deliveryOf(id).path("outcome").asText().equals("failed"));
        assertThat(deliveryOf(id).path("attempts")).hasSize(10)
                .allSatisfy(attempt -> assertThat(attempt.path("error").asText()).isNotBlank());
    }

    @Test
    void aDroppedNotificationIsNotSentButCanBeRedelivered() {
        // given
        register(REFERRAL_EVENTS, false);
        api.call("POST", "/_sandbox/faults", null, "{\"webhookDropShare\":1.0}");

        // when
        String id = createReferral().path("id").asText();

        // then
        assertThat(deliveryOf(id).path("outcome").asText()).isEqualTo("dropped");
        assertThat(receiver.receivedContaining(id)).isEmpty();

        // when
        HttpResponse<String> redelivered = api.call("POST",
                "/_sandbox/deliveries/" + deliveryOf(id).path("id").asText() + "/redeliver", null, null);

        // then
        assertThat(redelivered.statusCode()).isEqualTo(202);
        awaitOne(id);
        await().atMost(WAIT).until(() -> deliveryOf(id).path("outcome").asText().equals("delivered"));
    }

    @Test
    void redeliverySendsTheSameSignedBodyAgain() {
        register(REFERRAL_EVENTS, false);
        String id = createReferral().path("id").asText();
        WebhookReceiver.Received first = awaitOne(id);

        api.call("POST", "/_sandbox/deliveries/" + deliveryOf(id).path("id").asText() + "/redeliver", null, null);

        await().atMost(WAIT).until(() -> receiver.receivedContaining(id).size() == 2);
        WebhookReceiver.Received second = receiver.receivedContaining(id).get(1);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().get("authorization")).isEqualTo(first.headers().get("authorization"));
    }

    @Test
    void aDuplicatedNotificationIsSentTwice() {
        register(REFERRAL_EVENTS, false);
        api.call("POST", "/_sandbox/faults", null, "{\"webhookDuplicateShare\":1.0}");

        String id = createReferral().path("id").asText();

        await().atMost(WAIT).until(() -> receiver.receivedContaining(id).size() == 2);
        List<WebhookReceiver.Received> both = receiver.receivedContaining(id);
        assertThat(both.get(0).body()).isEqualTo(both.get(1).body());
        assertThat(deliveriesFor(id)).hasSize(2);
    }

    @Test
    void reorderingSendsEachNotificationAfterTheNextOne() throws Exception {
        // given
        register(REFERRAL_EVENTS, false);
        api.call("POST", "/_sandbox/faults", null, "{\"webhookReorder\":true}");

        // when
        String first = createReferral().path("id").asText();
        String second = createReferral().path("id").asText();

        // then
        await().atMost(WAIT).until(() -> receiver.received().size() == 2);
        List<String> order = new ArrayList<>();
        for (WebhookReceiver.Received received : receiver.received()) {
            order.add(Json.MAPPER.readTree(received.body()).path("ResourceUri").asText().replaceAll(".*/", ""));
        }
        assertThat(order).containsExactly(second, first);
    }

    @Test
    void deliveriesListShowsAttemptsAndOutcome() {
        register(REFERRAL_EVENTS, false);
        String id = createReferral().path("id").asText();

        await().atMost(WAIT).until(() -> deliveryOf(id).path("outcome").asText().equals("delivered"));
        JsonNode delivery = deliveryOf(id);

        assertThat(delivery.path("id").asText()).isNotBlank();
        assertThat(delivery.path("eventName").asText()).isEqualTo("referral-created");
        assertThat(delivery.path("url").asText()).isEqualTo(receiver.url());
        assertThat(delivery.path("attempts").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(delivery.path("attempts").get(0).path("at").asText()).isNotBlank();
    }

    @Test
    void seedAddsRealisticReferrals() {
        List<String> ids = partnerCenter.seed();

        assertThat(ids).hasSize(2);
        for (String id : ids) {
            JsonNode referral = json(api.call("GET", REFERRALS + "/" + id, referralsToken, null));
            assertThat(referral.path("customerProfile").path("name").asText()).isNotBlank();
            assertThat(referral.path("inviteContext").path("invitedBy").path("organizationId").asText()).isEqualTo("msft");
        }
        assertThat(json(api.call("GET", "/_sandbox/referrals", null, null)).path("value").toString()).contains(ids);
    }

    // ---- helpers

    private static void register(List<String> events, boolean msSignatureHeader) {
        ObjectNode body = Json.object();
        body.put("WebhookUrl", receiver.url());
        events.forEach(body.putArray("WebhookEvents")::add);
        body.put("signatureTokenToMsSignatureHeader", msSignatureHeader);
        HttpResponse<String> response = api.call("PUT", "/webhooks/v1/registration", webhooksToken, body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode createReferral() {
        HttpResponse<String> response = api.call("POST", REFERRALS, referralsToken,
                newReferral("webhook test", "Independent").toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static void patch(String id, String operations) {
        assertThat(api.call("PATCH", REFERRALS + "/" + id, referralsToken, operations).statusCode()).isEqualTo(204);
    }

    private static String microsoftSideOf(String engagementId) {
        JsonNode list = json(api.call("GET", REFERRALS + "?$filter=" + ApiCaller.encode("engagementId eq '"
                + engagementId + "' and direction eq 'Incoming'"), referralsToken, null));
        return list.path("value").get(0).path("id").asText();
    }

    private static WebhookReceiver.Received awaitOne(String referralId) {
        await().atMost(WAIT).until(() -> !receiver.receivedContaining(referralId).isEmpty());
        return receiver.receivedContaining(referralId).getFirst();
    }

    private static List<String> eventNames(String referralId) throws Exception {
        List<String> names = new ArrayList<>();
        for (WebhookReceiver.Received received : receiver.receivedContaining(referralId)) {
            names.add(Json.MAPPER.readTree(received.body()).path("EventName").asText());
        }
        return names;
    }

    private static List<JsonNode> deliveriesFor(String referralId) {
        List<JsonNode> result = new ArrayList<>();
        json(api.call("GET", "/_sandbox/deliveries", null, null)).forEach(delivery -> {
            if (delivery.path("referralId").asText().equals(referralId)) {
                result.add(delivery);
            }
        });
        return result;
    }

    private static JsonNode deliveryOf(String referralId) {
        List<JsonNode> deliveries = deliveriesFor(referralId);
        assertThat(deliveries).hasSize(1);
        return deliveries.getFirst();
    }

    private static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static boolean verifies(X509Certificate certificate, byte[] body, String header) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(certificate.getPublicKey());
        signature.update(body);
        return signature.verify(Base64.getDecoder().decode(header.substring("Signature ".length())));
    }
}
