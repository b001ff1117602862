package io.cosell.shared.webhook;

import java.net.URI;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a webhook signature must satisfy to be trusted.
 *
 * @param certificateHosts           hosts {@code x-ms-certificate-url} may point to over https (production: the
 *                                   host of Microsoft's documented certificate URL)
 * @param httpCertificateHosts       hosts whose certificate URL may also be plain http: only the sandbox's own
 *                                   emulator; empty in production
 * @param certificatePathPrefix      the path every certificate URL must start with (production: {@value
 *                                   #MICROSOFT_CERTIFICATE_PATH_PREFIX}, the folder of the documented URL)
 * @param trustAnchors               the roots the signing certificate must chain to
 * @param intermediates              CA certificates that may complete the path from the signing certificate to an
 *                                   anchor without being fetched (configured; they are not trusted by themselves)
 * @param requiredIssuerOrganization the {@code O=} of the signing certificate's issuer (documented:
 *                                   {@code Microsoft Corporation})
 */
public record SignaturePolicy(Set<String> certificateHosts, Set<String> httpCertificateHosts,
                              String certificatePathPrefix, Set<TrustAnchor> trustAnchors,
                              List<X509Certificate> intermediates, String requiredIssuerOrganization) {

    /** The host of the certificate URL in Microsoft's documented example delivery. */
    public static final String MICROSOFT_CERTIFICATE_HOST = "3psostorageacct.blob.core.windows.net";
    /** The folder of the documented certificate URL ({@code https://<host>/cert/pcnotifications-dispatch...cer}). */
    public static final String MICROSOFT_CERTIFICATE_PATH_PREFIX = "/cert/";
    public static final String MICROSOFT_ORGANIZATION = "Microsoft Corporation";

    public SignaturePolicy {
        certificateHosts = lowerCase(certificateHosts);
        httpCertificateHosts = lowerCase(httpCertificateHosts);
        if (certificatePathPrefix == null || !certificatePathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("the certificate path prefix must start with '/': "
                    + certificatePathPrefix);
        }
        trustAnchors = Set.copyOf(trustAnchors);
        intermediates = List.copyOf(intermediates);
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

    /**
     * Why a certificate may not be fetched from {@code url}, or empty when it may: an absolute URL without user
     * information, an allowed scheme and host, and a path under {@link #certificatePathPrefix()} that contains no
     * dot segments or encoded dots and slashes (which could step out of the prefix on the server).
     *
     * @param what how the URL is named in the reason ("the certificate URL", "the issuer URL")
     */
    public Optional<String> refusal(URI url, String what) {
        if (url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null) {
            return Optional.of(what + " is not an absolute http(s) URL");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!allowsCertificateHost(scheme, url.getHost())) {
            return Optional.of(allowsCertificateHost("https", url.getHost())
                    ? what + " must use https (host " + url.getHost() + ")"
                    : what + " host " + url.getHost() + " is not allow-listed");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String lowerPath = path.toLowerCase(Locale.ROOT);
        boolean escapes = !path.equals(url.normalize().getRawPath())
                || lowerPath.contains("%2e") || lowerPath.contains("%2f") || lowerPath.contains("%5c");
        if (escapes || !path.startsWith(certificatePathPrefix)) {
            return Optional.of(what + " path " + (path.isEmpty() ? "/" : path) + " is not under " + certificatePathPrefix + " on "
                    + url.getHost());
        }
        return Optional.empty();
    }

    private static Set<String> lowerCase(Set<String> hosts) {
        return hosts.stream().map(String::trim).filter(host -> !host.isEmpty())
                .map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
