package io.cosell.shared.transport;

import java.io.IOException;
import java.net.http.HttpRequest;

/**
 * Sends one HTTP request and returns the answer, whatever its status. {@code ApiHttpClient} and the token provider
 * build requests as {@link HttpRequest}s and keep retries, tokens and error handling to themselves; the transport
 * only moves bytes: the JDK {@code HttpClient} ({@link JdkHttpTransport}) or the Quarkus REST client
 * ({@link RestClientTransport}).
 */
public interface HttpTransport {

    /**
     * @return the answer, whatever its status
     * @throws IOException when no answer came (connection refused or reset, timeout)
     */
    TransportResponse exchange(HttpRequest request) throws IOException, InterruptedException;
}
