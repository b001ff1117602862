package io.cosell.shared.testsupport;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;

/** Certificate chains made in memory for tests: roots, intermediate CAs, and signing (leaf) certificates. */
public final class TestCertificates {

    /** A certificate and the keys of its subject (to issue further certificates with). */
    public record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(1);
    private static final Instant NOW = Instant.now();

    private TestCertificates() {
    }

    public static Issued root(String subject) {
        KeyPair keys = keys();
        return new Issued(build(subject, keys, subject, keys, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(365)), true, null), keys);
    }

    public static Issued intermediate(String subject, Issued issuer) {
        return intermediate(subject, issuer, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
    }

    public static Issued intermediate(String subject, Issued issuer, Instant notBefore, Instant notAfter) {
        KeyPair keys = keys();
        return new Issued(build(name(issuer), issuer.keys(), subject, keys, notBefore, notAfter, true, null), keys);
    }

    /** A signing certificate; {@code caIssuers} (may be null) goes into its Authority Information Access. */
    public static Issued leaf(String subject, Issued issuer, URI caIssuers) {
        KeyPair keys = keys();
        return new Issued(build(name(issuer), issuer.keys(), subject, keys, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(90)), false, caIssuers), keys);
    }

    private static String name(Issued issued) {
        return issued.certificate().getSubjectX500Principal().getName();
    }

    private static X509Certificate build(String issuer, KeyPair issuerKeys, String subject, KeyPair subjectKeys,
                                         Instant notBefore, Instant notAfter, boolean ca, URI caIssuers) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(x500(issuer),
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(notBefore), Date.from(notAfter),
                    x500(subject), subjectKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(1)
                            : new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(ca
                            ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                            : KeyUsage.digitalSignature));
            if (caIssuers != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription(AccessDescription.id_ad_caIssuers,
                                new GeneralName(GeneralName.uniformResourceIdentifier, caIssuers.toString()))));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("could not make the test certificate " + subject, e);
        }
    }

    private static X500Name x500(String distinguishedName) {
        return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
