package io.cosell.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * CloudFormation's query API on 127.0.0.1, as far as DescribeStacks goes: a stack it knows is answered with its
 * {@code DescribeStacksResponse}, any other name with the 400 {@code ValidationError} "Stack with id NAME does not
 * exist" that CloudFormation returns. Every request is recorded with its form parameters and headers.
 */
final class CloudFormationStub implements AutoCloseable {

    record Request(Map<String, String> form, String authorization) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, String> stacks = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    CloudFormationStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers DescribeStacks for this stack name with this XML document. */
    void stack(String name, String describeStacksResponse) {
        stacks.put(name, describeStacksResponse);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    static String resource(String name, Map<String, String> values) {
        try (InputStream in = CloudFormationStub.class.getResourceAsStream("/cloudformation/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("{{" + value.getKey() + "}}", value.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(new Request(form, exchange.getRequestHeaders().getFirst("Authorization")));
            String stackName = form.getOrDefault("StackName", "");
            String known = "DescribeStacks".equals(form.get("Action")) ? stacks.get(stackName) : null;
            byte[] body = (known != null ? known : resource("stack-does-not-exist.xml", Map.of("stack", stackName)))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "b9b4b068-3a41-11e5-94eb-example");
            exchange.sendResponseHeaders(known != null ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
