package io.cosell.emulator.partnercenter;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.URI;
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
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;

/**
 * Signs webhook bodies as Partner Center does: RSA PKCS#1 v1.5 with SHA-256 ({@code rsa-sha256}) over the exact body
 * bytes, base64. The keys and certificates are made in memory at start-up and form the chain public CAs issue:
 * a sandbox root CA, an intermediate ("issuing") CA it signed, and the signing certificate issued by the
 * intermediate. The certificate URL serves the signing certificate alone; its Authority Information Access
 * extension names where the intermediate is served ({@value #INTERMEDIATE_PATH} on the emulator), so a verifier
 * that trusts only the root has to find the intermediate to build the path. Verifiers trust the root instead of
 * the Microsoft root (and cannot expect {@code O=Microsoft Corporation}).
 */
final class WebhookSigner {

    static final String CA_SUBJECT = "CN=Co-sell Sandbox Root CA, O=Co-sell Sandbox";
    static final String INTERMEDIATE_SUBJECT = "CN=Co-sell Sandbox Issuing CA 01, O=Co-sell Sandbox";
    static final String SIGNING_SUBJECT = "CN=pcnotifications-dispatch.sandbox.local, O=Co-sell Sandbox";
    static final String ALGORITHM = "rsa-sha256";
    /** The certificates' path prefix (outside the faults and tokens of the API paths). */
    static final String CERTIFICATE_PATH_PREFIX = "/_sandbox/certificates/";
    static final String CERTIFICATE_PATH = CERTIFICATE_PATH_PREFIX + "pcnotifications.cer";
    static final String INTERMEDIATE_PATH = CERTIFICATE_PATH_PREFIX + "issuing-ca-01.cer";

    private final X509Certificate caCertificate;
    private final X509Certificate intermediateCertificate;
    private final KeyPair intermediateKeys;
    private final KeyPair signingKeys;
    private final Supplier<URI> baseUri;
    private X509Certificate signingCertificate;

    private WebhookSigner(X509Certificate caCertificate, X509Certificate intermediateCertificate,
                          KeyPair intermediateKeys, KeyPair signingKeys, Supplier<URI> baseUri) {
        this.caCertificate = caCertificate;
        this.intermediateCertificate = intermediateCertificate;
        this.intermediateKeys = intermediateKeys;
        this.signingKeys = signingKeys;
        this.baseUri = baseUri;
    }

    /**
     * {@code baseUri} is asked once, when the signing certificate is first needed (the port is known by then). The CA,
     * the intermediate and the keys are made once per JVM (RSA key generation was most of an emulator's start); each
     * emulator signs its own leaf for its own address.
     */
    static WebhookSigner generate(Supplier<URI> baseUri) {
        Chain chain = Chain.SHARED;
        return new WebhookSigner(chain.caCertificate(), chain.intermediateCertificate(), chain.intermediateKeys(),
                chain.signingKeys(), baseUri);
    }

    private record Chain(X509Certificate caCertificate, X509Certificate intermediateCertificate,
                         KeyPair intermediateKeys, KeyPair signingKeys) {

        static final Chain SHARED = create();
    }

    private static Chain create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair intermediateKeys = generator.generateKeyPair();
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

            X509v3CertificateBuilder intermediate = new JcaX509v3CertificateBuilder(caName, serial(), from(now),
                    until(now), name(INTERMEDIATE_SUBJECT), intermediateKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(intermediateKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate intermediateCertificate = sign(intermediate, caKeys);
            return new Chain(caCertificate, intermediateCertificate, intermediateKeys, generator.generateKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the sandbox webhook signing certificates", e);
        }
    }

    X509Certificate caCertificate() {
        return caCertificate;
    }

    X509Certificate intermediateCertificate() {
        return intermediateCertificate;
    }

    synchronized X509Certificate signingCertificate() {
        if (signingCertificate == null) {
            signingCertificate = issueSigningCertificate();
        }
        return signingCertificate;
    }

    private X509Certificate issueSigningCertificate() {
        try {
            Instant now = Instant.now();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            AuthorityInformationAccess issuerLocation = new AuthorityInformationAccess(new AccessDescription(
                    AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier, baseUri.get() + INTERMEDIATE_PATH)));
            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(name(INTERMEDIATE_SUBJECT), serial(),
                    from(now), until(now), name(SIGNING_SUBJECT), signingKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(intermediateCertificate))
                    .addExtension(Extension.authorityInfoAccess, false, issuerLocation);
            return sign(leaf, intermediateKeys);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the sandbox webhook signing certificate", e);
        }
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
