package io.cosell.shared.transport;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * {@link HttpTransport} over the Quarkus REST client (the Jakarta REST client API of
 * {@code quarkus-rest-client-jackson}, on Vert.x). Needs that extension in the function; the JDK transport needs
 * nothing. The request's own timeout becomes the call's read timeout.
 */
public final class RestClientTransport implements HttpTransport {

    /** The Quarkus REST client's per-call read timeout (milliseconds). */
    private static final String READ_TIMEOUT = "io.quarkus.rest.client.read-timeout";

    private final Client client;

    private RestClientTransport(Client client) {
        this.client = client;
    }

    /** 5 s to connect, 30 s to read unless the request says otherwise; redirects are not followed (its default). */
    public static HttpTransport withDefaults() {
        return new RestClientTransport(ClientBuilder.newBuilder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .build());
    }

    @Override
    public TransportResponse exchange(HttpRequest request) throws IOException, InterruptedException {
        Invocation.Builder call = client.target(request.uri()).request();
        request.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> call.header(name, value));
            }
        });
        request.timeout().ifPresent(timeout -> call.property(READ_TIMEOUT, timeout.toMillis()));
        byte[] body = body(request);
        try (Response response = body == null
                ? call.method(request.method())
                : call.method(request.method(), Entity.entity(body,
                        request.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_OCTET_STREAM)))) {
            byte[] answer = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(response.getStringHeaders());
            return new TransportResponse(response.getStatus(), HttpHeaders.of(headers, (name, value) -> true), answer);
        } catch (ProcessingException noAnswer) {
            throw new IOException(noAnswer.getMessage(), noAnswer);
        }
    }

    /** The bytes of the request's body publisher (the callers publish byte arrays and strings), or null for none. */
    private static byte[] body(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null || publisher.contentLength() == 0) {
            return null;
        }
        CompletableFuture<byte[]> collected = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable failure) {
                collected.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                collected.complete(bytes.toByteArray());
            }
        });
        try {
            return collected.get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("could not read the request body", e);
        }
    }
}
