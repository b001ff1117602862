package io.cosell.shared.transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link HttpTransport} over the JDK's {@link HttpClient}. */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient http;

    public JdkHttpTransport(HttpClient http) {
        this.http = http;
    }

    /** HTTP/1.1, 5 s to connect, no redirects. */
    public static JdkHttpTransport withDefaults() {
        return new JdkHttpTransport(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    @Override
    public TransportResponse exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new TransportResponse(response.statusCode(), response.headers(), response.body());
    }
}
