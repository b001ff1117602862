package io.cosell.shared.http;

import java.io.IOException;
import java.net.http.HttpRequest;

/**
 * Sends one HTTP request and returns the answer, whatever its status. {@link ApiHttpClient} and the token provider
 * build requests as {@link HttpRequest}s and keep retries, tokens and error handling to themselves; the transport
 * only moves bytes: the JDK {@code HttpClient} ({@link JdkHttpTransport}) or the Quarkus REST client
 * ({@link RestClientTransport}).
 */
public interface HttpTransport {

    /**
     * @return the answer with {@link ApiResponse#attempts()} 1
     * @throws IOException when no answer came (connection refused or reset, timeout)
     */
    ApiResponse exchange(HttpRequest request) throws IOException, InterruptedException;
}
