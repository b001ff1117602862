package io.cosell.shared.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@link HttpTransport} over the JDK's {@link HttpClient}. */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient http;

    public JdkHttpTransport(HttpClient http) {
        this.http = http;
    }

    /** HTTP/1.1, 5 s to connect, no redirects. */
    public static JdkHttpTransport withDefaults() {
        return new JdkHttpTransport(ApiHttpClient.defaultHttpClient());
    }

    @Override
    public ApiResponse exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new ApiResponse(response.statusCode(), response.headers(), response.body(), 1);
    }
}
