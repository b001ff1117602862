package io.cosell.shared.webhook;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Builds and validates (PKIX, {@link CertPathBuilder}) the path from a signing certificate to the policy's trust
 * anchors. The intermediates may come from the file at the certificate URL (after the signing certificate), from
 * the policy's configured intermediates, or from the caIssuers location of the Authority Information Access
 * extension of a certificate whose issuer is still missing: those URLs obey the same rules as the certificate URL
 * ({@link SignaturePolicy#refusal}) and a refused one is never requested. Fetches go through the given
 * {@link CertificateSource} (the receiver passes its cache, so an intermediate is fetched once per time to live,
 * and a failing one at most once per failure time to live). Revocation is not checked.
 */
public final class CertificateChainValidator {

    /** At most this many issuers are looked for above the signing certificate (public CAs use one or two). */
    static final int MAX_ISSUERS = 4;
    private static final String ISSUER_URL = "the issuer URL";

    private final SignaturePolicy policy;
    private final CertificateSource issuers;
    private final Clock clock;

    public CertificateChainValidator(SignaturePolicy policy, CertificateSource issuers, Clock clock) {
        this.policy = policy;
        this.issuers = issuers;
        this.clock = clock;
    }

    /**
     * Returns normally when {@code served} (the signing certificate first) chains to a trust anchor.
     *
     * @throws UntrustedWebhookException naming the certificate and what was missing or wrong
     */
    public void validate(List<X509Certificate> served) throws UntrustedWebhookException {
        X509Certificate signer = served.getFirst();
        List<X509Certificate> pool = new ArrayList<>(served.subList(1, served.size()));
        pool.addAll(policy.intermediates());
        List<String> findings = new ArrayList<>();
        collectIssuers(signer, pool, findings);
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(policy.trustAnchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            List<X509Certificate> candidates = new ArrayList<>(pool);
            candidates.add(signer);
            parameters.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(candidates)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (CertPathBuilderException e) {
            throw new UntrustedWebhookException("the certificate " + signer.getSubjectX500Principal().getName()
                    + " is not trusted: no valid path to a trust anchor"
                    + (findings.isEmpty() ? "" : " (" + String.join("; ", findings) + ")"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX path building is not available", e);
        }
    }

    /**
     * Walks up from the signing certificate while its issuer is neither an anchor nor in the pool, fetching each
     * missing issuer from its certificate's allowed caIssuers URLs into the pool; notes what stood in the way.
     */
    private void collectIssuers(X509Certificate signer, List<X509Certificate> pool, List<String> findings) {
        X509Certificate current = signer;
        for (int depth = 0; depth < MAX_ISSUERS && !issuedByAnchor(current); depth++) {
            Optional<X509Certificate> issuer = issuerIn(pool, current);
            if (issuer.isEmpty()) {
                issuer = fetchIssuer(current, pool, findings);
            }
            if (issuer.isEmpty() || issuer.get().equals(current)) {
                return;
            }
            current = issuer.get();
            noteValidity(current, findings);
        }
    }

    private Optional<X509Certificate> fetchIssuer(X509Certificate certificate, List<X509Certificate> pool,
                                                  List<String> findings) {
        List<URI> locations = AuthorityInformationAccess.caIssuers(certificate);
        if (locations.isEmpty()) {
            findings.add("the issuer " + certificate.getIssuerX500Principal().getName()
                    + " was not served, is not configured and is not named by an Authority Information Access URL");
        }
        for (URI location : locations) {
            Optional<String> refusal = policy.refusal(location, ISSUER_URL);
            if (refusal.isPresent()) {
                findings.add(refusal.get() + " (" + location + ")");
                continue;
            }
            try {
                List<X509Certificate> fetched = issuers.certificates(location);
                pool.addAll(fetched);
                Optional<X509Certificate> issuer = issuerIn(fetched, certificate);
                if (issuer.isPresent()) {
                    return issuer;
                }
                findings.add("the certificate at " + location + " did not issue "
                        + certificate.getSubjectX500Principal().getName());
            } catch (CertificateUnavailableException e) {
                findings.add("no issuer from " + location + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private boolean issuedByAnchor(X509Certificate certificate) {
        for (TrustAnchor anchor : policy.trustAnchors()) {
            X509Certificate trusted = anchor.getTrustedCert();
            PublicKey key = trusted != null ? trusted.getPublicKey() : anchor.getCAPublicKey();
            boolean sameName = trusted != null
                    ? trusted.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    : certificate.getIssuerX500Principal().equals(anchor.getCA());
            if (sameName && signedBy(certificate, key)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<X509Certificate> issuerIn(List<X509Certificate> candidates, X509Certificate certificate) {
        return candidates.stream()
                .filter(candidate -> candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
                .filter(candidate -> signedBy(certificate, candidate.getPublicKey()))
                .findFirst();
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException notThisKey) {
            return false;
        }
    }

    private void noteValidity(X509Certificate issuer, List<String> findings) {
        try {
            issuer.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            findings.add("the issuer " + issuer.getSubjectX500Principal().getName() + " expired on "
                    + issuer.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            findings.add("the issuer " + issuer.getSubjectX500Principal().getName() + " is valid only from "
                    + issuer.getNotBefore().toInstant());
        }
    }
}
