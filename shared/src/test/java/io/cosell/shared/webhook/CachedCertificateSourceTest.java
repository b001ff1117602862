package io.cosell.shared.webhook;

import io.cosell.shared.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedCertificateSourceTest {

    private static final URI FIRST = URI.create("https://certs.example.test/a.cer");
    private static final URI SECOND = URI.create("https://certs.example.test/b.cer");
    private static final URI THIRD = URI.create("https://certs.example.test/c.cer");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-05T14:00:00Z"));
    private final List<URI> fetched = new CopyOnWriteArrayList<>();
    private final CertificateSource recording = url -> {
        fetched.add(url);
        return List.<X509Certificate>of();
    };

    @Test
    void certificate_is_fetched_again_only_after_its_time_to_live() throws Exception {
        // given
        CachedCertificateSource cache = new CachedCertificateSource(recording, Duration.ofMinutes(10), 4,
                Duration.ofMinutes(1), 4, clock);

        // when
        cache.certificates(FIRST);
        clock.advance(Duration.ofMinutes(9));
        cache.certificates(FIRST);
        clock.advance(Duration.ofMinutes(1));
        cache.certificates(FIRST);

        // then
        assertThat(fetched).containsExactly(FIRST, FIRST);
    }

    @Test
    void least_recently_used_url_is_evicted_beyond_the_bound() throws Exception {
        // given
        CachedCertificateSource cache = new CachedCertificateSource(recording, Duration.ofHours(1), 2,
                Duration.ofMinutes(1), 4, clock);
        cache.certificates(FIRST);
        cache.certificates(SECOND);
        cache.certificates(FIRST);

        // when
        cache.certificates(THIRD);
        cache.certificates(FIRST);
        cache.certificates(SECOND);

        // then: SECOND was the least recently used when THIRD came in
        assertThat(fetched).containsExactly(FIRST, SECOND, THIRD, SECOND);
    }

    private CachedCertificateSource failingCache(List<URI> attempts, int maxFailures) {
        return new CachedCertificateSource(url -> {
            attempts.add(url);
            throw new CertificateUnavailableException("the certificate URL answered HTTP 503");
        }, Duration.ofHours(1), 4, Duration.ofMinutes(1), maxFailures, clock);
    }

    @Test
    void failure_is_remembered_for_its_time_to_live_without_a_fetch_each() {
        // given
        List<URI> attempts = new ArrayList<>();
        CachedCertificateSource cache = failingCache(attempts, 4);

        // when: a flood of deliveries naming the failing URL, then the same after the failure's time to live
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> cache.certificates(FIRST)).isInstanceOf(CertificateUnavailableException.class)
                    .hasMessage("the certificate URL answered HTTP 503");
        }
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> cache.certificates(FIRST)).isInstanceOf(CertificateUnavailableException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> cache.certificates(FIRST)).isInstanceOf(CertificateUnavailableException.class);

        // then
        assertThat(attempts).containsExactly(FIRST, FIRST);
    }

    @Test
    void remembered_failures_are_bounded_and_never_push_out_good_certificates() throws Exception {
        // given: FIRST fetched fine; SECOND and THIRD fail; room for one failure
        List<URI> attempts = new ArrayList<>();
        CachedCertificateSource cache = new CachedCertificateSource(url -> {
            attempts.add(url);
            if (url.equals(FIRST)) {
                return List.of();
            }
            throw new CertificateUnavailableException("the certificate URL answered HTTP 404");
        }, Duration.ofHours(1), 1, Duration.ofMinutes(1), 1, clock);
        cache.certificates(FIRST);

        // when
        for (URI url : List.of(SECOND, THIRD, SECOND, THIRD)) {
            assertThatThrownBy(() -> cache.certificates(url)).isInstanceOf(CertificateUnavailableException.class);
        }
        cache.certificates(FIRST);

        // then: each failure pushed the other out; FIRST stayed
        assertThat(attempts).containsExactly(FIRST, SECOND, THIRD, SECOND, THIRD);
    }

    @Test
    void success_after_a_remembered_failure_is_cached() throws Exception {
        // given: the URL fails once, then serves
        List<URI> attempts = new ArrayList<>();
        CachedCertificateSource cache = new CachedCertificateSource(url -> {
            attempts.add(url);
            if (attempts.size() == 1) {
                throw new CertificateUnavailableException("the certificate download took longer than PT3S");
            }
            return List.of();
        }, Duration.ofHours(1), 4, Duration.ofMinutes(1), 4, clock);
        assertThatThrownBy(() -> cache.certificates(FIRST)).isInstanceOf(CertificateUnavailableException.class);

        // when
        clock.advance(Duration.ofMinutes(1));
        cache.certificates(FIRST);
        cache.certificates(FIRST);

        // then
        assertThat(attempts).containsExactly(FIRST, FIRST);
    }

    @Test
    void concurrent_first_requests_share_one_fetch() throws Exception {
        // given: a slow source
        CountDownLatch release = new CountDownLatch(1);
        CachedCertificateSource cache = new CachedCertificateSource(url -> {
            fetched.add(url);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }, Duration.ofHours(1), 4, Duration.ofMinutes(1), 4, clock);

        // when
        List<Future<List<X509Certificate>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                results.add(threads.submit(() -> cache.certificates(FIRST)));
            }
            release.countDown();
        }

        // then
        for (Future<List<X509Certificate>> result : results) {
            assertThat(result.get()).isEmpty();
        }
        assertThat(fetched).containsExactly(FIRST);
    }
}
