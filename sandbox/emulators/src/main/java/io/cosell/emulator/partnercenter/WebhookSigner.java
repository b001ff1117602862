package io.cosell.emulator.partnercenter;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.security.auth.x500.X500Principal;

/**
 * Signs webhook bodies as Partner Center does: RSA PKCS#1 v1.5 with SHA-256 ({@code rsa-sha256}) over the exact body
 * bytes, base64. The keys and certificates are made in memory at start-up: a sandbox root CA and a signing
 * certificate issued by it. Verifiers trust the CA instead of the Microsoft root (and cannot expect
 * {@code O=Microsoft Corporation}).
 */
final class WebhookSigner {

    static final String CA_SUBJECT = "CN=Co-sell Sandbox Root CA, O=Co-sell Sandbox";
    static final String SIGNING_SUBJECT = "CN=pcnotifications-dispatch.sandbox.local, O=Co-sell Sandbox";
    static final String ALGORITHM = "rsa-sha256";

    private final X509Certificate caCertificate;
    private final X509Certificate signingCertificate;
    private final KeyPair signingKeys;

    private WebhookSigner(X509Certificate caCertificate, X509Certificate signingCertificate, KeyPair signingKeys) {
        this.caCertificate = caCertificate;
        this.signingCertificate = signingCertificate;
        this.signingKeys = signingKeys;
    }

    static WebhookSigner generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair signingKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name caName = name(CA_SUBJECT);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), from(now), until(now),
                    caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(ca, caKeys);

            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caName, serial(), from(now), until(now),
                    name(SIGNING_SUBJECT), signingKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            return new WebhookSigner(caCertificate, sign(leaf, caKeys), signingKeys);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the sandbox webhook signing certificates", e);
        }
    }

    X509Certificate caCertificate() {
        return caCertificate;
    }

    X509Certificate signingCertificate() {
        return signingCertificate;
    }

    /** Base64 of the SHA256withRSA signature of {@code body}. */
    String sign(byte[] body) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signingKeys.getPrivate());
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a webhook body", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    /** Parsed as RFC 2253 (most significant RDN last in the text), so it prints back as written. */
    private static X500Name name(String distinguishedName) {
        return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static Date from(Instant now) {
        return Date.from(now.minus(Duration.ofHours(1)));
    }

    private static Date until(Instant now) {
        return Date.from(now.plus(Duration.ofDays(365)));
    }
}
