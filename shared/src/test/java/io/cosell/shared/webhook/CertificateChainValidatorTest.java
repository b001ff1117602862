package io.cosell.shared.webhook;

import io.cosell.shared.testsupport.TestCertificates;
import io.cosell.shared.testsupport.TestCertificates.Issued;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Path building from generated chains: root → intermediate → leaf, the intermediate found in several ways. */
class CertificateChainValidatorTest {

    private static final String HOST = "certs.example.test";
    private static final URI ISSUER_URL = URI.create("https://" + HOST + "/cert/issuing-ca.cer");
    private static final Issued ROOT = TestCertificates.root("CN=Test Root CA, O=Microsoft Corporation");
    private static final Issued INTERMEDIATE =
            TestCertificates.intermediate("CN=Test Issuing CA 01, O=Microsoft Corporation", ROOT);

    /** Serves fixed certificates per URL and records each request. */
    private final Map<URI, List<X509Certificate>> served = new ConcurrentHashMap<>();
    private final List<URI> fetched = new CopyOnWriteArrayList<>();
    private final CertificateSource source = url -> {
        fetched.add(url);
        List<X509Certificate> certificates = served.get(url);
        if (certificates == null) {
            throw new CertificateUnavailableException("the certificate URL answered HTTP 404");
        }
        return certificates;
    };

    private static SignaturePolicy policy(List<X509Certificate> intermediates) {
        return new SignaturePolicy(Set.of(HOST), Set.of(), "/cert/", Set.of(new TrustAnchor(ROOT.certificate(), null)),
                intermediates, "Microsoft Corporation");
    }

    private CertificateChainValidator validator(List<X509Certificate> intermediates) {
        return new CertificateChainValidator(policy(intermediates), source, Clock.systemUTC());
    }

    private static String rejection(CertificateChainValidator validator, List<X509Certificate> chain) {
        UntrustedWebhookException rejected =
                catchThrowableOfType(UntrustedWebhookException.class, () -> validator.validate(chain));
        assertThat(rejected).as("the chain is rejected").isNotNull();
        return rejected.getMessage();
    }

    private static X509Certificate leafNaming(URI caIssuers) {
        return TestCertificates.leaf("CN=pcnotifications-dispatch.test, O=Microsoft Corporation", INTERMEDIATE,
                caIssuers).certificate();
    }

    @Test
    void leaf_served_alone_chains_through_the_intermediate_its_authority_information_access_names() {
        // given
        served.put(ISSUER_URL, List.of(INTERMEDIATE.certificate()));
        X509Certificate leaf = leafNaming(ISSUER_URL);

        // when / then
        assertThatCode(() -> validator(List.of()).validate(List.of(leaf))).doesNotThrowAnyException();
        assertThat(fetched).containsExactly(ISSUER_URL);
    }

    @Test
    void leaf_served_alone_without_a_way_to_its_issuer_is_rejected() {
        // given: no Authority Information Access, no configured intermediate
        X509Certificate leaf = leafNaming(null);

        // when
        String reason = rejection(validator(List.of()), List.of(leaf));

        // then
        assertThat(reason).isEqualTo("the certificate CN=pcnotifications-dispatch.test,O=Microsoft Corporation is not "
                + "trusted: no valid path to a trust anchor (the issuer CN=Test Issuing CA 01,O=Microsoft Corporation "
                + "was not served, is not configured and is not named by an Authority Information Access URL)");
        assertThat(fetched).isEmpty();
    }

    @Test
    void configured_intermediate_completes_the_path_without_a_fetch() {
        // given: the leaf names an issuer URL, but the intermediate is configured
        X509Certificate leaf = leafNaming(ISSUER_URL);

        // when / then
        assertThatCode(() -> validator(List.of(INTERMEDIATE.certificate())).validate(List.of(leaf)))
                .doesNotThrowAnyException();
        assertThat(fetched).isEmpty();
    }

    @Test
    void intermediate_served_after_the_leaf_completes_the_path_without_a_fetch() {
        // given
        X509Certificate leaf = leafNaming(ISSUER_URL);

        // when / then
        assertThatCode(() -> validator(List.of()).validate(List.of(leaf, INTERMEDIATE.certificate())))
                .doesNotThrowAnyException();
        assertThat(fetched).isEmpty();
    }

    @Test
    void intermediate_with_the_right_name_but_another_key_is_rejected() {
        // given: an impostor CA of the same name, issued by the trusted root, served at the leaf's issuer URL
        Issued impostor = TestCertificates.intermediate("CN=Test Issuing CA 01, O=Microsoft Corporation", ROOT);
        served.put(ISSUER_URL, List.of(impostor.certificate()));
        X509Certificate leaf = leafNaming(ISSUER_URL);

        // when
        String configured = rejection(validator(List.of(impostor.certificate())), List.of(leaf));
        String fetchedOne = rejection(validator(List.of()), List.of(leaf));

        // then
        assertThat(configured).contains("is not trusted: no valid path to a trust anchor");
        assertThat(fetchedOne).endsWith("(the certificate at " + ISSUER_URL + " did not issue "
                + "CN=pcnotifications-dispatch.test,O=Microsoft Corporation)");
    }

    @Test
    void intermediate_of_another_root_is_rejected() {
        // given: a genuine chain, but to a root that is not a trust anchor
        Issued otherRoot = TestCertificates.root("CN=Other Root CA, O=Microsoft Corporation");
        Issued otherIntermediate = TestCertificates.intermediate("CN=Other Issuing CA, O=Microsoft Corporation",
                otherRoot);
        X509Certificate leaf = TestCertificates.leaf("CN=pcnotifications-dispatch.test, O=Microsoft Corporation",
                otherIntermediate, ISSUER_URL).certificate();
        served.put(ISSUER_URL, List.of(otherIntermediate.certificate()));

        // when
        String reason = rejection(validator(List.of()), List.of(leaf));

        // then
        assertThat(reason).contains("is not trusted: no valid path to a trust anchor");
        assertThat(fetched).containsExactly(ISSUER_URL);
    }

    @Test
    void expired_intermediate_is_rejected() {
        // given
        Instant now = Instant.now();
        Issued expired = TestCertificates.intermediate("CN=Test Issuing CA 01, O=Microsoft Corporation", ROOT,
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
        X509Certificate leaf = TestCertificates.leaf("CN=pcnotifications-dispatch.test, O=Microsoft Corporation",
                expired, ISSUER_URL).certificate();
        served.put(ISSUER_URL, List.of(expired.certificate()));

        // when
        String reason = rejection(validator(List.of()), List.of(leaf));

        // then
        assertThat(reason).contains("is not trusted: no valid path to a trust anchor (the issuer "
                + "CN=Test Issuing CA 01,O=Microsoft Corporation expired on ");
    }

    @Test
    void issuer_url_on_a_host_that_is_not_allow_listed_is_never_requested() {
        // given
        URI elsewhere = URI.create("https://attacker.example/cert/issuing-ca.cer");
        served.put(elsewhere, List.of(INTERMEDIATE.certificate()));
        X509Certificate leaf = leafNaming(elsewhere);

        // when
        String reason = rejection(validator(List.of()), List.of(leaf));

        // then
        assertThat(reason).endsWith("(the issuer URL host attacker.example is not allow-listed (" + elsewhere + "))");
        assertThat(fetched).isEmpty();
    }

    @Test
    void issuer_url_over_http_or_outside_the_path_prefix_is_never_requested() {
        // given
        URI plainHttp = URI.create("http://" + HOST + "/cert/issuing-ca.cer");
        URI outside = URI.create("https://" + HOST + "/other/issuing-ca.cer");
        served.put(plainHttp, List.of(INTERMEDIATE.certificate()));
        served.put(outside, List.of(INTERMEDIATE.certificate()));

        // when
        String http = rejection(validator(List.of()), List.of(leafNaming(plainHttp)));
        String path = rejection(validator(List.of()), List.of(leafNaming(outside)));

        // then
        assertThat(http).contains("the issuer URL must use https (host " + HOST + ")");
        assertThat(path).contains("the issuer URL path /other/issuing-ca.cer is not under /cert/ on " + HOST);
        assertThat(fetched).isEmpty();
    }

    @Test
    void issuer_fetched_through_the_cache_is_fetched_once_for_many_validations() throws Exception {
        // given
        served.put(ISSUER_URL, List.of(INTERMEDIATE.certificate()));
        CertificateChainValidator cached = new CertificateChainValidator(policy(List.of()),
                new CachedCertificateSource(source), Clock.systemUTC());

        // when
        for (int i = 0; i < 5; i++) {
            cached.validate(List.of(leafNaming(ISSUER_URL)));
        }

        // then
        assertThat(fetched).containsExactly(ISSUER_URL);
    }
}
