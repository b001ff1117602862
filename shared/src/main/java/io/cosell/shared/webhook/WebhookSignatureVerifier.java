package io.cosell.shared.webhook;

import io.cosell.shared.usecase.WebhookDelivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.security.auth.x500.X500Principal;

/**
 * Checks that a webhook delivery was signed by Partner Center, following Microsoft's documented steps
 * (partner-center-api.md §2.4), in this order:
 * <ol>
 *   <li>the signature is in {@code Authorization: Signature <base64>} or {@code x-ms-signature} (whose value may
 *       also start with {@code Signature }); {@code x-ms-certificate-url} and {@code x-ms-signature-algorithm}
 *       are present, and the algorithm is {@code rsa-sha256};</li>
 *   <li>the certificate URL's host and path prefix are allowed by the {@link SignaturePolicy} (https, or http for
 *       the sandbox's own host only); a refused URL is never requested;</li>
 *   <li>the certificate (from the {@link CertificateSource}) chains to a trust anchor (PKIX), through
 *       intermediates served with it, configured, or fetched from its Authority Information Access URL
 *       ({@link CertificateChainValidator});</li>
 *   <li>its issuer's organisation ({@code O=}) is the required one;</li>
 *   <li>SHA256withRSA (PKCS#1 v1.5) over the raw body bytes matches the signature.</li>
 * </ol>
 * Revocation is not checked (it would need the network at every cold start; Microsoft's sample does not either).
 */
public final class WebhookSignatureVerifier {

    public static final String SIGNATURE_ALGORITHM = "rsa-sha256";
    public static final String CERTIFICATE_URL_HEADER = "x-ms-certificate-url";
    public static final String ALGORITHM_HEADER = "x-ms-signature-algorithm";
    public static final String MS_SIGNATURE_HEADER = "x-ms-signature";
    public static final String AUTHORIZATION_HEADER = "Authorization";

    private static final String SCHEME = "Signature ";

    private final SignaturePolicy policy;
    private final CertificateSource certificates;
    private final CertificateChainValidator chains;

    /** {@code certificates} serves the certificate URL and the issuers' Authority Information Access URLs. */
    public WebhookSignatureVerifier(SignaturePolicy policy, CertificateSource certificates) {
        this.policy = policy;
        this.certificates = certificates;
        this.chains = new CertificateChainValidator(policy, certificates, Clock.systemUTC());
    }

    /** Returns normally when the delivery is signed by a trusted certificate; otherwise throws, saying why. */
    public void verify(WebhookDelivery delivery) throws UntrustedWebhookException {
        byte[] signature = signature(delivery);
        URI certificateUrl = certificateUrl(delivery);
        String algorithm = delivery.header(ALGORITHM_HEADER)
                .orElseThrow(() -> new UntrustedWebhookException("missing header " + ALGORITHM_HEADER));
        if (!SIGNATURE_ALGORITHM.equalsIgnoreCase(algorithm.trim())) {
            throw new UntrustedWebhookException(ALGORITHM_HEADER + " is not " + SIGNATURE_ALGORITHM);
        }
        X509Certificate signer = trustedSigner(certificateUrl);
        if (!signatureMatches(signer, delivery.body(), signature)) {
            throw new UntrustedWebhookException("the signature does not match the body (certificate "
                    + signer.getSubjectX500Principal().getName() + " from " + certificateUrl.getHost() + ")");
        }
    }

    private static byte[] signature(WebhookDelivery delivery) throws UntrustedWebhookException {
        Optional<String> msSignature = delivery.header(MS_SIGNATURE_HEADER);
        String token;
        if (msSignature.isPresent()) {
            token = withoutScheme(msSignature.get());
        } else {
            String authorization = delivery.header(AUTHORIZATION_HEADER).orElseThrow(() ->
                    new UntrustedWebhookException("missing signature: expected header '" + AUTHORIZATION_HEADER
                            + ": Signature <base64>' or '" + MS_SIGNATURE_HEADER + "'"));
            if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                throw new UntrustedWebhookException("missing signature: the " + AUTHORIZATION_HEADER
                        + " header does not use the 'Signature' scheme");
            }
            token = withoutScheme(authorization);
        }
        try {
            return Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            throw new UntrustedWebhookException("the signature is not base64");
        }
    }

    private static String withoutScheme(String value) {
        String trimmed = value.trim();
        return trimmed.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? trimmed.substring(SCHEME.length()).trim()
                : trimmed;
    }

    private URI certificateUrl(WebhookDelivery delivery) throws UntrustedWebhookException {
        String value = delivery.header(CERTIFICATE_URL_HEADER)
                .orElseThrow(() -> new UntrustedWebhookException("missing header " + CERTIFICATE_URL_HEADER));
        URI url;
        try {
            url = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new UntrustedWebhookException(CERTIFICATE_URL_HEADER + " is not a URL");
        }
        Optional<String> refusal = policy.refusal(url, "the certificate URL");
        if (refusal.isPresent()) {
            throw new UntrustedWebhookException(refusal.get());
        }
        return url;
    }

    private X509Certificate trustedSigner(URI url) throws UntrustedWebhookException {
        List<X509Certificate> served;
        try {
            served = certificates.certificates(url);
        } catch (CertificateUnavailableException e) {
            throw new UntrustedWebhookException("no certificate from " + url.getHost() + ": " + e.getMessage());
        }
        chains.validate(served);
        X509Certificate signer = served.getFirst();
        X500Principal issuer = signer.getIssuerX500Principal();
        if (!organizations(issuer).contains(policy.requiredIssuerOrganization())) {
            throw new UntrustedWebhookException("the certificate issuer " + issuer.getName()
                    + " is not O=" + policy.requiredIssuerOrganization());
        }
        return signer;
    }

    private static List<String> organizations(X500Principal name) {
        try {
            return new LdapName(name.getName(X500Principal.RFC2253)).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("O"))
                    .map(rdn -> String.valueOf(rdn.getValue()))
                    .toList();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }

    private static boolean signatureMatches(X509Certificate signer, byte[] body, byte[] signature)
            throws UntrustedWebhookException {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(signer);
            verifier.update(body);
            return verifier.verify(signature);
        } catch (InvalidKeyException e) {
            throw new UntrustedWebhookException("the certificate " + signer.getSubjectX500Principal().getName()
                    + " cannot verify RSA signatures");
        } catch (SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is not available", e);
        }
    }
}
