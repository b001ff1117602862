package io.cosell.shared.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server on 127.0.0.1 (free port) that answers each path with a fixed answer (404 for unknown paths)
 * and records every request: a webhook URL that captures what Partner Center sends, or a misbehaving certificate
 * host (redirects, oversize bodies).
 */
public final class StubHttpServer implements AutoCloseable {

    /** One request as received; header names are case-insensitive, repeated values joined by commas. */
    public record Recorded(String method, String path, Map<String, String> headers, byte[] body, Instant at) {
    }

    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    private StubHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static StubHttpServer start() {
        StubHttpServer stub = new StubHttpServer();
        stub.server.start();
        return stub;
    }

    /** Answers requests to {@code path} with this status, headers and body from now on. */
    public StubHttpServer answer(String path, int status, Map<String, String> headers, byte[] body) {
        answers.put(path, new Answer(status, Map.copyOf(headers), body.clone()));
        return this;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Requests to {@code path}, oldest first. */
    public List<Recorded> requests(String path) {
        return recorded.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Every request received, oldest first. */
    public List<Recorded> requests() {
        return List.copyOf(recorded);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            String path = exchange.getRequestURI().getPath();
            recorded.add(new Recorded(exchange.getRequestMethod(), path, headers,
                    exchange.getRequestBody().readAllBytes(), Instant.now()));
            Answer answer = answers.getOrDefault(path, new Answer(404, Map.of(), new byte[0]));
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
