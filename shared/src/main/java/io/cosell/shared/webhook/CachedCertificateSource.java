package io.cosell.shared.webhook;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Keeps what another {@link CertificateSource} returned, per URL, for a time to live, and at most
 * {@code maxEntries} URLs (the least recently used goes first). Deliveries arriving together while a URL is being
 * fetched wait for that one fetch. Failures are not kept: the next delivery tries again.
 */
public final class CachedCertificateSource implements CertificateSource {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final int DEFAULT_MAX_ENTRIES = 16;

    private record Cached(CompletableFuture<List<X509Certificate>> certificates, Instant expiresAt) {
    }

    private final CertificateSource source;
    private final Duration ttl;
    private final Clock clock;
    private final Map<URI, Cached> entries;

    public CachedCertificateSource(CertificateSource source, Duration ttl, int maxEntries, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<URI, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public CachedCertificateSource(CertificateSource source) {
        this(source, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    @Override
    public List<X509Certificate> certificates(URI url) throws CertificateUnavailableException {
        Cached entry;
        boolean fetchHere = false;
        synchronized (entries) {
            Instant now = clock.instant();
            entry = entries.get(url);
            if (entry == null || !now.isBefore(entry.expiresAt())) {
                entry = new Cached(new CompletableFuture<>(), now.plus(ttl));
                entries.put(url, entry);
                fetchHere = true;
            }
        }
        if (fetchHere) {
            fetch(url, entry);
        }
        return await(entry.certificates());
    }

    private void fetch(URI url, Cached entry) {
        try {
            entry.certificates().complete(source.certificates(url));
        } catch (CertificateUnavailableException | RuntimeException e) {
            synchronized (entries) {
                entries.remove(url, entry);
            }
            entry.certificates().completeExceptionally(e);
        }
    }

    private static List<X509Certificate> await(CompletableFuture<List<X509Certificate>> certificates)
            throws CertificateUnavailableException {
        try {
            return certificates.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CertificateUnavailableException unavailable) {
                throw unavailable;
            }
            throw new CertificateUnavailableException("the certificate could not be fetched: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertificateUnavailableException("interrupted while waiting for the certificate", e);
        }
    }
}
