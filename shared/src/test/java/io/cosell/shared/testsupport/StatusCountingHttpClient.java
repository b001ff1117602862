package io.cosell.shared.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real JDK client, counting the answers per server and status, so a test can see the 429s it was sent, or that
 * a server was not called at all.
 */
public final class StatusCountingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public StatusCountingHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /** Answers with {@code status} from the server at {@code base} so far. */
    public int count(URI base, int status) {
        return counts.getOrDefault(key(base, status), new AtomicInteger()).get();
    }

    /** Answers of any status from the server at {@code base} so far. */
    public int requests(URI base) {
        String server = base.getAuthority() + "#";
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(server))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse<T> response = delegate.send(request, handler);
        counts.computeIfAbsent(key(request.uri(), response.statusCode()), k -> new AtomicInteger()).incrementAndGet();
        return response;
    }

    private static String key(URI uri, int status) {
        return uri.getAuthority() + "#" + status;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, handler, pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
