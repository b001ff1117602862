package io.cosell.shared.webhook;

import java.security.cert.TrustAnchor;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a webhook signature must satisfy to be trusted.
 *
 * @param certificateHosts           hosts {@code x-ms-certificate-url} may point to over https (production: the
 *                                   host of Microsoft's documented certificate URL)
 * @param httpCertificateHosts       hosts whose certificate URL may also be plain http: only the sandbox's own
 *                                   emulator; empty in production
 * @param trustAnchors               the roots the signing certificate must chain to
 * @param requiredIssuerOrganization the {@code O=} of the signing certificate's issuer (documented:
 *                                   {@code Microsoft Corporation})
 */
public record SignaturePolicy(Set<String> certificateHosts, Set<String> httpCertificateHosts,
                              Set<TrustAnchor> trustAnchors, String requiredIssuerOrganization) {

    /** The host of the certificate URL in Microsoft's documented example delivery. */
    public static final String MICROSOFT_CERTIFICATE_HOST = "3psostorageacct.blob.core.windows.net";
    public static final String MICROSOFT_ORGANIZATION = "Microsoft Corporation";

    public SignaturePolicy {
        certificateHosts = lowerCase(certificateHosts);
        httpCertificateHosts = lowerCase(httpCertificateHosts);
        trustAnchors = Set.copyOf(trustAnchors);
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("a signature policy needs at least one trust anchor");
        }
        if (requiredIssuerOrganization == null || requiredIssuerOrganization.isBlank()) {
            throw new IllegalArgumentException("a signature policy needs the issuer organisation to require");
        }
    }

    /** True when a certificate may be fetched from this host with this scheme ({@code https} or {@code http}). */
    public boolean allowsCertificateHost(String scheme, String host) {
        String normalised = host.toLowerCase(Locale.ROOT);
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "https" -> certificateHosts.contains(normalised) || httpCertificateHosts.contains(normalised);
            case "http" -> httpCertificateHosts.contains(normalised);
            default -> false;
        };
    }

    private static Set<String> lowerCase(Set<String> hosts) {
        return hosts.stream().map(String::trim).filter(host -> !host.isEmpty())
                .map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
