package io.cosell.emulator.partnercenter;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny HTTP endpoint that records every webhook POST and answers with scripted statuses (default 200). */
final class WebhookReceiver implements AutoCloseable {

    /** One received POST: lower-case header names (first value) and the exact body bytes. */
    record Received(Map<String, String> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Integer> scriptedStatuses = new ArrayDeque<>();
    private final AtomicInteger defaultStatus = new AtomicInteger(200);

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            received.add(new Received(Map.copyOf(headers), body));
            exchange.sendResponseHeaders(nextStatus(), -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedContaining(String text) {
        return received.stream().filter(r -> r.bodyText().contains(text)).toList();
    }

    /** Answers the next requests with these statuses, then with the default again. */
    synchronized void answerNext(Integer... statuses) {
        scriptedStatuses.addAll(List.of(statuses));
    }

    void answerAlways(int status) {
        defaultStatus.set(status);
    }

    synchronized void reset() {
        received.clear();
        scriptedStatuses.clear();
        defaultStatus.set(200);
    }

    private synchronized int nextStatus() {
        Integer scripted = scriptedStatuses.poll();
        return scripted != null ? scripted : defaultStatus.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
