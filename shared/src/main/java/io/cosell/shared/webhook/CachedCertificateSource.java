package io.cosell.shared.webhook;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Keeps what another {@link CertificateSource} returned, per URL, for a time to live, and at most
 * {@code maxEntries} URLs (the least recently used goes first). Deliveries arriving together while a URL is being
 * fetched wait for that one fetch. A failed fetch is remembered too, for the shorter {@code failureTtl} and in its
 * own bounded map (so failing URLs never push good certificates out): until then the same URL answers the same
 * failure without a request, so a flood of deliveries naming a failing certificate URL costs one fetch.
 */
public final class CachedCertificateSource implements CertificateSource {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final int DEFAULT_MAX_ENTRIES = 16;
    public static final Duration DEFAULT_FAILURE_TTL = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_FAILURES = 256;

    private record Cached(List<X509Certificate> certificates, Instant expiresAt) {
    }

    private record Failure(String reason, Instant expiresAt) {
    }

    private final CertificateSource source;
    private final Duration ttl;
    private final Duration failureTtl;
    private final Clock clock;
    private final Map<URI, Cached> entries;
    private final Map<URI, Failure> failures;
    /** Fetches under way, so deliveries arriving together share one; never larger than the concurrent callers. */
    private final Map<URI, CompletableFuture<List<X509Certificate>>> inFlight = new HashMap<>();

    public CachedCertificateSource(CertificateSource source, Duration ttl, int maxEntries, Duration failureTtl,
                                   int maxFailures, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.failureTtl = failureTtl;
        this.clock = clock;
        this.entries = lruMap(maxEntries);
        this.failures = lruMap(maxFailures);
    }

    public CachedCertificateSource(CertificateSource source) {
        this(source, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, DEFAULT_FAILURE_TTL, DEFAULT_MAX_FAILURES,
                Clock.systemUTC());
    }

    @Override
    public List<X509Certificate> certificates(URI url) throws CertificateUnavailableException {
        CompletableFuture<List<X509Certificate>> certificates;
        boolean fetchHere = false;
        synchronized (entries) {
            Instant now = clock.instant();
            Failure failure = failures.get(url);
            if (failure != null && now.isBefore(failure.expiresAt())) {
                throw new CertificateUnavailableException(failure.reason());
            }
            Cached entry = entries.get(url);
            if (entry != null && now.isBefore(entry.expiresAt())) {
                return entry.certificates();
            }
            certificates = inFlight.get(url);
            if (certificates == null) {
                certificates = new CompletableFuture<>();
                inFlight.put(url, certificates);
                fetchHere = true;
            }
        }
        if (fetchHere) {
            fetch(url, certificates);
        }
        return await(certificates);
    }

    private void fetch(URI url, CompletableFuture<List<X509Certificate>> certificates) {
        try {
            List<X509Certificate> fetched = source.certificates(url);
            synchronized (entries) {
                inFlight.remove(url);
                failures.remove(url);
                entries.put(url, new Cached(fetched, clock.instant().plus(ttl)));
            }
            certificates.complete(fetched);
        } catch (CertificateUnavailableException | RuntimeException e) {
            CertificateUnavailableException unavailable = e instanceof CertificateUnavailableException known
                    ? known
                    : new CertificateUnavailableException("the certificate could not be fetched: " + e, e);
            synchronized (entries) {
                inFlight.remove(url);
                failures.put(url, new Failure(unavailable.getMessage(), clock.instant().plus(failureTtl)));
            }
            certificates.completeExceptionally(unavailable);
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

    private static <V> Map<URI, V> lruMap(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<URI, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
