package io.cosell.shared.webhook;

import io.cosell.shared.testsupport.TestCertificates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.security.cert.TrustAnchor;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturePolicyTest {

    private static final SignaturePolicy PRODUCTION = new SignaturePolicy(
            Set.of(SignaturePolicy.MICROSOFT_CERTIFICATE_HOST), Set.of(),
            SignaturePolicy.MICROSOFT_CERTIFICATE_PATH_PREFIX,
            Set.of(new TrustAnchor(TestCertificates.root("CN=Test Root CA, O=Test").certificate(), null)), List.of(),
            SignaturePolicy.MICROSOFT_ORGANIZATION);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer |",
            "https://3PSOSTORAGEACCT.blob.core.windows.net/cert/next-year.cer                 |",
            "https://3psostorageacct.blob.core.windows.net/other/pcnotifications.cer          | the certificate URL path /other/pcnotifications.cer is not under /cert/ on 3psostorageacct.blob.core.windows.net",
            "https://3psostorageacct.blob.core.windows.net/certificates/x.cer                 | the certificate URL path /certificates/x.cer is not under /cert/ on 3psostorageacct.blob.core.windows.net",
            "https://3psostorageacct.blob.core.windows.net/cert/../private/x.cer              | the certificate URL path /cert/../private/x.cer is not under /cert/ on 3psostorageacct.blob.core.windows.net",
            "https://3psostorageacct.blob.core.windows.net/cert/%2e%2e/private/x.cer          | the certificate URL path /cert/%2e%2e/private/x.cer is not under /cert/ on 3psostorageacct.blob.core.windows.net",
            "https://3psostorageacct.blob.core.windows.net/cert%2F..%2Fprivate/x.cer          | the certificate URL path /cert%2F..%2Fprivate/x.cer is not under /cert/ on 3psostorageacct.blob.core.windows.net",
            "https://3psostorageacct.blob.core.windows.net                                    | the certificate URL path / is not under /cert/ on 3psostorageacct.blob.core.windows.net",
            "http://3psostorageacct.blob.core.windows.net/cert/pcnotifications.cer            | the certificate URL must use https (host 3psostorageacct.blob.core.windows.net)",
            "https://evil.example/cert/pcnotifications.cer                                    | the certificate URL host evil.example is not allow-listed",
            "https://user@3psostorageacct.blob.core.windows.net/cert/x.cer                    | the certificate URL is not an absolute http(s) URL",
            "/cert/x.cer                                                                      | the certificate URL is not an absolute http(s) URL"})
    void certificate_url_is_allowed_only_on_an_allowed_host_under_the_documented_path_prefix(String url,
                                                                                              String expected) {
        // when
        var refusal = PRODUCTION.refusal(URI.create(url), "the certificate URL");

        // then
        if (expected == null) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).hasValue(expected);
        }
    }
}
