package io.cosell.shared.webhook;

import org.junit.jupiter.api.Test;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustAnchorsTest {

    @Test
    void system_means_the_jdk_trust_store() {
        assertThat(TrustAnchors.fromSetting(" system ")).hasSizeGreaterThan(10)
                .extracting(anchor -> anchor.getTrustedCert().getSubjectX500Principal().getName())
                .anySatisfy(subject -> assertThat(subject).contains("O=Microsoft Corporation"));
    }

    @Test
    void pem_text_is_read_also_when_its_line_breaks_are_written_as_backslash_n() throws Exception {
        // given
        X509Certificate ca = TrustAnchors.system().iterator().next().getTrustedCert();
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.getEncoded())
                + "\n-----END CERTIFICATE-----\n";

        // when / then
        assertThat(TrustAnchors.fromSetting(pem)).extracting(TrustAnchor::getTrustedCert).containsExactly(ca);
        assertThat(TrustAnchors.fromSetting(pem.replace("\n", "\\n"))).extracting(TrustAnchor::getTrustedCert)
                .containsExactly(ca);
    }

    @Test
    void anything_else_is_refused() {
        assertThatThrownBy(() -> TrustAnchors.fromSetting("microsoft")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trust anchors");
    }
}
