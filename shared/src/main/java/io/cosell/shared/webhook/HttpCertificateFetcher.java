package io.cosell.shared.webhook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads certificates (DER or PEM, one or several) with a GET. Defensive, because the URL comes from a request:
 * redirects are never followed (a 3xx is an answer, and not a certificate), the whole download must finish within
 * one timeout, and a body above the size cap is cut off and refused. Which hosts may be asked at all is the
 * {@link SignaturePolicy}'s decision, checked before this class is called.
 */
public final class HttpCertificateFetcher implements CertificateSource {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private final HttpClient http;
    private final Duration timeout;
    private final int maxBytes;

    public HttpCertificateFetcher(Duration timeout, int maxBytes) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    public static HttpCertificateFetcher withDefaults() {
        return new HttpCertificateFetcher(DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES);
    }

    @Override
    public List<X509Certificate> certificates(URI url) throws CertificateUnavailableException {
        HttpResponse<byte[]> response = download(url);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new CertificateUnavailableException(
                    "the certificate URL answered a redirect (HTTP " + status + "); redirects are not followed");
        }
        if (status != 200) {
            throw new CertificateUnavailableException("the certificate URL answered HTTP " + status);
        }
        return parse(response.body());
    }

    private HttpResponse<byte[]> download(URI url) throws CertificateUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<byte[]>> download = http.sendAsync(request, info -> info.statusCode() == 200
                ? new SizeLimitedBody(maxBytes)
                : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            return download.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            download.cancel(true);
            throw new CertificateUnavailableException("the certificate download took longer than " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CertificateUnavailableException(cause instanceof TooLarge
                    ? cause.getMessage()
                    : "the certificate could not be downloaded: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertificateUnavailableException("interrupted while downloading the certificate", e);
        }
    }

    private static List<X509Certificate> parse(byte[] body) throws CertificateUnavailableException {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(body))) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new CertificateUnavailableException("the certificate URL returned no certificate");
            }
            return List.copyOf(certificates);
        } catch (CertificateException e) {
            throw new CertificateUnavailableException("the certificate URL returned no X.509 certificate", e);
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge(int maxBytes) {
            super("the certificate is larger than " + maxBytes + " bytes");
        }
    }

    /** Collects the body, cancelling the download as soon as it exceeds the cap. */
    private static final class SizeLimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        SizeLimitedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(maxBytes));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
