package io.cosell.shared.webhook;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Reads the trust-anchors setting: {@value #SYSTEM} for the JDK's default trust store (which holds Microsoft's
 * roots), or PEM text with one or more certificates (the sandbox passes its CA this way). A PEM given on one line
 * with literal {@code \n} separators, as environment variable editors often force, is accepted too.
 */
public final class TrustAnchors {

    public static final String SYSTEM = "system";

    private TrustAnchors() {
    }

    /** @throws IllegalArgumentException when the setting is neither {@value #SYSTEM} nor PEM certificates */
    public static Set<TrustAnchor> fromSetting(String setting) {
        String value = setting.trim();
        return SYSTEM.equalsIgnoreCase(value) ? system() : pem(value.replace("\\n", "\n"));
    }

    /** The JDK's default trust store (cacerts). */
    public static Set<TrustAnchor> system() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance)
                    .flatMap(manager -> Arrays.stream(((X509TrustManager) manager).getAcceptedIssuers()))
                    .map(TrustAnchors::anchor)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be read", e);
        }
    }

    public static Set<TrustAnchor> pem(String pem) {
        try {
            Set<TrustAnchor> anchors = parse(pem).stream().map(TrustAnchors::anchor)
                    .collect(Collectors.toUnmodifiableSet());
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("trust anchors: no certificate in the PEM text");
            }
            return anchors;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("trust anchors must be '" + SYSTEM + "' or PEM certificates: "
                    + e.getMessage(), e);
        }
    }

    /**
     * PEM certificates that are not anchors (configured intermediates), read like {@link #fromSetting}'s PEM.
     *
     * @throws IllegalArgumentException when the text holds no certificate or something else
     */
    public static List<X509Certificate> certificates(String pem) {
        try {
            List<X509Certificate> intermediates = parse(pem.replace("\\n", "\n"));
            if (intermediates.isEmpty()) {
                throw new IllegalArgumentException("intermediates: no certificate in the PEM text");
            }
            return intermediates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("intermediates must be PEM certificates: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> parse(String pem) throws CertificateException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)))
                .stream()
                .map(X509Certificate.class::cast)
                .toList();
    }

    private static TrustAnchor anchor(X509Certificate certificate) {
        return new TrustAnchor(certificate, null);
    }
}
