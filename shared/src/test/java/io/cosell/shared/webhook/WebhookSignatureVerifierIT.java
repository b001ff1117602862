package io.cosell.shared.webhook;

import io.cosell.shared.testsupport.PartnerCenterWebhooks;
import io.cosell.shared.testsupport.StubHttpServer;
import io.cosell.shared.usecase.WebhookDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link WebhookSignatureVerifier} on real signed deliveries: the Partner Center emulator sends them to a local
 * capturing URL, signed with its sandbox certificate (CA "O=Co-sell Sandbox"), certificate URL on 127.0.0.1 over http.
 */
class WebhookSignatureVerifierIT {

    private static PartnerCenterWebhooks webhooks;
    private static StubHttpServer certificateHost;
    private static WebhookDelivery signedInAuthorization;
    private static WebhookDelivery signedInMsSignature;

    @BeforeAll
    static void captureRealDeliveries() {
        webhooks = PartnerCenterWebhooks.start();
        signedInAuthorization = webhooks.referralCreated();
        webhooks.register(true);
        signedInMsSignature = webhooks.referralCreated();
        certificateHost = StubHttpServer.start();
    }

    @AfterAll
    static void stop() {
        certificateHost.close();
        webhooks.close();
    }

    /** Records the downloads of the real fetcher. */
    private static final class CountingSource implements CertificateSource {
        final List<String> fetched = new CopyOnWriteArrayList<>();
        private final CertificateSource fetcher = HttpCertificateFetcher.withDefaults();

        @Override
        public List<X509Certificate> certificates(URI url) throws CertificateUnavailableException {
            fetched.add(url.getPath());
            return fetcher.certificates(url);
        }
    }

    private static WebhookSignatureVerifier verifier(SignaturePolicy policy) {
        return new WebhookSignatureVerifier(policy, HttpCertificateFetcher.withDefaults());
    }

    private static WebhookSignatureVerifier sandboxVerifier() {
        return verifier(webhooks.sandboxPolicy());
    }

    private static String rejection(WebhookSignatureVerifier verifier, WebhookDelivery delivery) {
        UntrustedWebhookException rejected =
                catchThrowableOfType(UntrustedWebhookException.class, () -> verifier.verify(delivery));
        assertThat(rejected).as("the delivery is rejected").isNotNull();
        return rejected.getMessage();
    }

    private static WebhookDelivery withHeader(WebhookDelivery delivery, String name, String value) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(delivery.headers());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return new WebhookDelivery(headers, delivery.body(), delivery.receivedAt());
    }

    private static SignaturePolicy sandboxPolicyWith(Set<String> hosts, Set<String> httpHosts) {
        SignaturePolicy sandbox = webhooks.sandboxPolicy();
        return new SignaturePolicy(hosts, httpHosts, sandbox.certificatePathPrefix(), sandbox.trustAnchors(),
                List.of(), sandbox.requiredIssuerOrganization());
    }

    @Test
    void delivery_signed_in_the_authorization_header_is_trusted() {
        // given
        assertThat(signedInAuthorization.header("Authorization")).hasValueSatisfying(v -> assertThat(v).startsWith("Signature "));
        assertThat(signedInAuthorization.header("x-ms-signature")).isEmpty();

        // when / then
        assertThatCode(() -> sandboxVerifier().verify(signedInAuthorization)).doesNotThrowAnyException();
    }

    @Test
    void delivery_signed_in_x_ms_signature_is_trusted() {
        // given
        assertThat(signedInMsSignature.header("x-ms-signature")).hasValueSatisfying(v -> assertThat(v).startsWith("Signature "));
        assertThat(signedInMsSignature.header("Authorization")).isEmpty();

        // when / then
        assertThatCode(() -> sandboxVerifier().verify(signedInMsSignature)).doesNotThrowAnyException();
    }

    @Test
    void tampered_body_is_rejected() {
        // given: the same signed headers, one character of the body changed
        String body = new String(signedInMsSignature.body(), StandardCharsets.UTF_8);
        WebhookDelivery tampered = new WebhookDelivery(signedInMsSignature.headers(),
                body.replace("referral-created", "referral-updated").getBytes(StandardCharsets.UTF_8),
                signedInMsSignature.receivedAt());

        // when
        String reason = rejection(sandboxVerifier(), tampered);

        // then
        assertThat(reason).startsWith("the signature does not match the body");
    }

    @Test
    void body_signed_with_another_key_is_rejected() throws Exception {
        // given
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair otherKey = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(otherKey.getPrivate());
        signer.update(signedInMsSignature.body());
        String forged = "Signature " + Base64.getEncoder().encodeToString(signer.sign());

        // when
        String reason = rejection(sandboxVerifier(), withHeader(signedInMsSignature, "x-ms-signature", forged));

        // then
        assertThat(reason).startsWith("the signature does not match the body");
    }

    @Test
    void certificate_url_host_that_is_not_allow_listed_is_rejected_without_fetching() {
        // given: the production allow-list only
        CountingSource source = new CountingSource();
        SignaturePolicy production = sandboxPolicyWith(Set.of(SignaturePolicy.MICROSOFT_CERTIFICATE_HOST), Set.of());

        // when
        String reason = rejection(new WebhookSignatureVerifier(production, source), signedInAuthorization);

        // then
        assertThat(reason).isEqualTo("the certificate URL host 127.0.0.1 is not allow-listed");
        assertThat(source.fetched).isEmpty();
    }

    @Test
    void certificate_url_outside_the_path_prefix_is_rejected_without_fetching() {
        // given: the emulator's genuine certificate URL, but the documented production prefix
        CountingSource source = new CountingSource();
        SignaturePolicy sandbox = webhooks.sandboxPolicy();
        SignaturePolicy documentedPrefix = new SignaturePolicy(Set.of(), sandbox.httpCertificateHosts(),
                SignaturePolicy.MICROSOFT_CERTIFICATE_PATH_PREFIX, sandbox.trustAnchors(), List.of(),
                sandbox.requiredIssuerOrganization());

        // when
        String reason = rejection(new WebhookSignatureVerifier(documentedPrefix, source), signedInAuthorization);

        // then
        assertThat(reason).isEqualTo("the certificate URL path /_sandbox/certificates/pcnotifications.cer is not "
                + "under /cert/ on 127.0.0.1");
        assertThat(source.fetched).isEmpty();
    }

    @Test
    void certificate_url_stepping_out_of_the_path_prefix_is_rejected_without_fetching() {
        // given
        CountingSource source = new CountingSource();
        String genuine = signedInAuthorization.header("x-ms-certificate-url").orElseThrow();
        WebhookDelivery dotDot = withHeader(signedInAuthorization, "x-ms-certificate-url",
                genuine.replace("/_sandbox/certificates/", "/_sandbox/certificates/../deliveries/"));

        // when
        String reason = rejection(new WebhookSignatureVerifier(webhooks.sandboxPolicy(), source), dotDot);

        // then
        assertThat(reason).startsWith("the certificate URL path /_sandbox/certificates/../deliveries/");
        assertThat(source.fetched).isEmpty();
    }

    @Test
    void http_certificate_url_is_rejected_unless_its_host_may_use_http() {
        // given: 127.0.0.1 allowed, but only over https
        SignaturePolicy httpsOnly = sandboxPolicyWith(Set.of("127.0.0.1"), Set.of());

        // when
        String reason = rejection(verifier(httpsOnly), signedInAuthorization);

        // then
        assertThat(reason).isEqualTo("the certificate URL must use https (host 127.0.0.1)");
    }

    @Test
    void certificate_url_that_redirects_to_the_real_certificate_is_rejected() {
        // given: an allowed host answering 302 to the emulator's genuine certificate
        String certificateUrl = signedInAuthorization.header("x-ms-certificate-url").orElseThrow();
        certificateHost.answer("/_sandbox/certificates/moved.cer", 302, Map.of("Location", certificateUrl), new byte[0]);
        WebhookDelivery redirected = withHeader(signedInAuthorization, "x-ms-certificate-url",
                certificateHost.url("/_sandbox/certificates/moved.cer").toString());

        // when
        String reason = rejection(sandboxVerifier(), redirected);

        // then
        assertThat(reason).isEqualTo("no certificate from 127.0.0.1: the certificate URL answered a redirect "
                + "(HTTP 302); redirects are not followed");
        assertThat(certificateHost.requests("/_sandbox/certificates/moved.cer")).hasSize(1);
    }

    @Test
    void certificate_larger_than_the_cap_is_refused() {
        // given
        certificateHost.answer("/_sandbox/certificates/huge.cer", 200, Map.of(), new byte[HttpCertificateFetcher.DEFAULT_MAX_BYTES + 1]);
        WebhookDelivery huge = withHeader(signedInAuthorization, "x-ms-certificate-url",
                certificateHost.url("/_sandbox/certificates/huge.cer").toString());

        // when
        String reason = rejection(sandboxVerifier(), huge);

        // then
        assertThat(reason).isEqualTo("no certificate from 127.0.0.1: the certificate is larger than 65536 bytes");
    }

    @Test
    void flood_of_deliveries_naming_a_missing_certificate_costs_one_fetch() {
        // given: unsigned-in-effect deliveries whose certificate URL (allowed host and path) answers 404
        WebhookDelivery missing = withHeader(signedInAuthorization, "x-ms-certificate-url",
                certificateHost.url("/_sandbox/certificates/missing.cer").toString());
        WebhookSignatureVerifier cached = new WebhookSignatureVerifier(webhooks.sandboxPolicy(),
                new CachedCertificateSource(HttpCertificateFetcher.withDefaults()));

        // when
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            reasons.add(rejection(cached, missing));
        }

        // then
        assertThat(reasons).containsOnly("no certificate from 127.0.0.1: the certificate URL answered HTTP 404");
        assertThat(certificateHost.requests("/_sandbox/certificates/missing.cer")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x-ms-signature           | missing signature: expected header 'Authorization: Signature <base64>' or 'x-ms-signature'",
            "x-ms-certificate-url     | missing header x-ms-certificate-url",
            "x-ms-signature-algorithm | missing header x-ms-signature-algorithm"})
    void each_missing_header_is_named(String header, String expectedReason) {
        // when
        String reason = rejection(sandboxVerifier(), withHeader(signedInMsSignature, header, null));

        // then
        assertThat(reason).isEqualTo(expectedReason);
    }

    @Test
    void authorization_header_without_the_signature_scheme_is_rejected() {
        // when
        String reason = rejection(sandboxVerifier(), withHeader(signedInAuthorization, "Authorization",
                signedInAuthorization.header("Authorization").orElseThrow().replace("Signature ", "Bearer ")));

        // then
        assertThat(reason).isEqualTo("missing signature: the Authorization header does not use the 'Signature' scheme");
    }

    @Test
    void another_signature_algorithm_is_rejected() {
        // when
        String reason = rejection(sandboxVerifier(), withHeader(signedInMsSignature, "x-ms-signature-algorithm", "rsa-sha1"));

        // then
        assertThat(reason).isEqualTo("x-ms-signature-algorithm is not rsa-sha256");
    }

    @Test
    void certificate_that_does_not_chain_to_the_trust_anchors_is_rejected() {
        // given: the JDK's trust store (real public CAs), not the sandbox CA
        SignaturePolicy sandbox = webhooks.sandboxPolicy();
        SignaturePolicy otherCas = new SignaturePolicy(Set.of(), sandbox.httpCertificateHosts(),
                sandbox.certificatePathPrefix(), TrustAnchors.system(), List.of(),
                PartnerCenterWebhooks.SANDBOX_ORGANIZATION);

        // when
        String reason = rejection(verifier(otherCas), signedInMsSignature);

        // then
        assertThat(reason).startsWith("the certificate CN=pcnotifications-dispatch.sandbox.local,O=Co-sell Sandbox is not trusted");
    }

    @Test
    void issuer_of_another_organisation_is_rejected() {
        // given: the production requirement
        SignaturePolicy sandbox = webhooks.sandboxPolicy();
        SignaturePolicy microsoftOnly = new SignaturePolicy(Set.of(), sandbox.httpCertificateHosts(),
                sandbox.certificatePathPrefix(), sandbox.trustAnchors(), List.of(), SignaturePolicy.MICROSOFT_ORGANIZATION);

        // when
        String reason = rejection(verifier(microsoftOnly), signedInMsSignature);

        // then
        assertThat(reason).isEqualTo("the certificate issuer CN=Co-sell Sandbox Issuing CA 01,O=Co-sell Sandbox is "
                + "not O=Microsoft Corporation");
    }

    @Test
    void base64_encoded_body_is_verified_after_decoding() {
        // given: the body as a function URL passes a body it does not treat as text
        String encoded = Base64.getEncoder().encodeToString(signedInAuthorization.body());

        // when
        WebhookDelivery decoded = WebhookDelivery.decoding(signedInAuthorization.headers(), encoded, true, Instant.now());
        WebhookDelivery stillEncoded = WebhookDelivery.decoding(signedInAuthorization.headers(), encoded, false, Instant.now());

        // then
        assertThatCode(() -> sandboxVerifier().verify(decoded)).doesNotThrowAnyException();
        assertThat(rejection(sandboxVerifier(), stillEncoded)).startsWith("the signature does not match the body");
    }

    @Test
    void certificate_and_its_intermediate_are_fetched_once_for_many_deliveries() throws Exception {
        // given
        List<WebhookDelivery> deliveries = new ArrayList<>(webhooks.referralsCreated(5));
        deliveries.add(signedInAuthorization);
        deliveries.add(signedInMsSignature);
        CountingSource source = new CountingSource();
        WebhookSignatureVerifier cached = new WebhookSignatureVerifier(webhooks.sandboxPolicy(),
                new CachedCertificateSource(source));

        // when
        for (WebhookDelivery delivery : deliveries) {
            cached.verify(delivery);
        }

        // then: the certificate URL, then the intermediate named by the certificate's Authority Information Access
        assertThat(source.fetched).containsExactly("/_sandbox/certificates/pcnotifications.cer",
                "/_sandbox/certificates/issuing-ca-01.cer");
    }
}
