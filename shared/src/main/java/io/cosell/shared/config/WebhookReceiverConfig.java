package io.cosell.shared.config;

import io.cosell.shared.webhook.SignaturePolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The receiver's settings. Environment names: {@code COSELL_WEBHOOK_RECEIVER_MAX_BODY_BYTES},
 * {@code COSELL_WEBHOOK_RECEIVER_CERTIFICATE_HOSTS}, {@code COSELL_WEBHOOK_RECEIVER_HTTP_CERTIFICATE_HOSTS},
 * {@code COSELL_WEBHOOK_RECEIVER_CERTIFICATE_PATH_PREFIX}, {@code COSELL_WEBHOOK_RECEIVER_TRUST_ANCHORS},
 * {@code COSELL_WEBHOOK_RECEIVER_INTERMEDIATES}, {@code COSELL_WEBHOOK_RECEIVER_REQUIRED_ISSUER_ORGANIZATION},
 * {@code COSELL_WEBHOOK_RECEIVER_DEDUPE_TTL}. The defaults are production's; the sandbox sets the certificate
 * hosts, path prefix, trust anchors and organisation of its Partner Center emulator.
 */
@ConfigMapping(prefix = "cosell.webhook-receiver")
public interface WebhookReceiverConfig {

    /** Bodies larger than this (after base64 decoding) are refused with 413; Partner Center events are tiny. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Hosts {@code x-ms-certificate-url} may name (https only), comma-separated. */
    @WithDefault(SignaturePolicy.MICROSOFT_CERTIFICATE_HOST)
    Set<String> certificateHosts();

    /** Hosts whose certificate URL may be plain http: the sandbox's emulator only. Empty in production. */
    Optional<Set<String>> httpCertificateHosts();

    /**
     * The path every certificate URL (and every issuer URL named by a certificate's Authority Information Access)
     * must start with; the default is the folder of Microsoft's documented certificate URL.
     */
    @WithDefault(SignaturePolicy.MICROSOFT_CERTIFICATE_PATH_PREFIX)
    String certificatePathPrefix();

    /**
     * PEM intermediate CA certificates that may complete the path from the signing certificate to a trust anchor
     * (for a certificate URL that serves the signing certificate alone). Not trusted by themselves.
     */
    Optional<String> intermediates();

    /** {@code system} (the JDK's trust store, which holds Microsoft's roots) or PEM certificates. */
    @WithDefault("system")
    String trustAnchors();

    /** The {@code O=} the signing certificate's issuer must have. */
    @WithDefault(SignaturePolicy.MICROSOFT_ORGANIZATION)
    String requiredIssuerOrganization();

    /** How long a delivered change is remembered, so that redeliveries are answered as duplicates. */
    @WithDefault("24h")
    Duration dedupeTtl();
}
