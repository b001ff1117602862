package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment, as the AWS docs and their OpenAPI
 * document describe it: {@code GET /runtime/invocation/next} blocks until an invocation is queued and answers it
 * with the payload and the {@code Lambda-Runtime-*} headers; {@code POST /runtime/invocation/{id}/response} and
 * {@code .../error} answer 202 {@code {"status":"OK"}}; {@code POST /runtime/init/error} records an init failure.
 * An unknown request id gets 400 ({@code InvalidRequestID}), a response above 6 MB gets 413 and fails the
 * invocation with {@code Function.ResponseSizeTooLarge}. The trace id is a made-up X-Ray header (not sampled).
 */
final class LambdaRuntimeApi implements AutoCloseable {

    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    private static final String BASE = "/2018-06-01/runtime";
    private static final Pattern INVOCATION_ANSWER = Pattern.compile(BASE + "/invocation/([^/]+)/(response|error)");
    private static final ObjectMapper JSON = LocalJson.MAPPER;

    private final BlockingQueue<PendingInvocation> queue;
    private final String functionArn;
    private final RuntimeListener listener;
    private final Map<String, PendingInvocation> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private volatile boolean initialised;

    private LambdaRuntimeApi(BlockingQueue<PendingInvocation> queue, String functionArn, RuntimeListener listener) {
        this.queue = queue;
        this.functionArn = functionArn;
        this.listener = listener;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the Lambda Runtime API port", e);
        }
        server.setExecutor(executor);
        server.createContext(BASE, this::handle);
    }

    /** Serves invocations taken from {@code queue} on a free loopback port. */
    static LambdaRuntimeApi start(BlockingQueue<PendingInvocation> queue, String functionArn, RuntimeListener listener) {
        LambdaRuntimeApi api = new LambdaRuntimeApi(queue, functionArn, listener);
        api.server.start();
        return api;
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher answer = INVOCATION_ANSWER.matcher(path);
            if (method.equals("GET") && path.equals(BASE + "/invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && answer.matches()) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (answer.group(2).equals("response")) {
                    response(exchange, answer.group(1), body);
                } else {
                    error(exchange, answer.group(1), body);
                }
            } else if (method.equals("POST") && path.equals(BASE + "/init/error")) {
                listener.initFailed(functionError(exchange, exchange.getRequestBody().readAllBytes()));
                accepted(exchange);
            } else {
                send(exchange, 404, errorDocument("NotFound", "no such Runtime API resource: " + method + " " + path));
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        if (!initialised) {
            initialised = true;
            listener.initialised();
        }
        PendingInvocation invocation = queue.take();
        while (invocation.isDone()) {
            invocation = queue.take();
        }
        inFlight.put(invocation.requestId(), invocation);
        listener.took(invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceHeader());
        send(exchange, 200, invocation.payload());
    }

    private void response(HttpExchange exchange, String requestId, byte[] body) throws IOException {
        PendingInvocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            send(exchange, 400, errorDocument("InvalidRequestID", "unknown or already answered request id " + requestId));
        } else if (body.length > MAX_RESPONSE_BYTES) {
            invocation.fail(new FunctionError("Function.ResponseSizeTooLarge",
                    "Response payload size (" + body.length + " bytes) exceeded maximum allowed payload size ("
                            + MAX_RESPONSE_BYTES + " bytes).", ""));
            send(exchange, 413, errorDocument("RequestEntityTooLarge", "response is larger than 6 MB"));
        } else {
            invocation.succeed(body);
            accepted(exchange);
        }
    }

    private void error(HttpExchange exchange, String requestId, byte[] body) throws IOException {
        PendingInvocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            send(exchange, 400, errorDocument("InvalidRequestID", "unknown or already answered request id " + requestId));
            return;
        }
        invocation.fail(functionError(exchange, body));
        accepted(exchange);
    }

    /** Reads Lambda's error document; falls back to the error-type header when the body is not one. */
    private static FunctionError functionError(HttpExchange exchange, byte[] body) {
        String headerType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String raw = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode document = JSON.readTree(body);
            if (document != null && document.isObject()) {
                return new FunctionError(document.path("errorType").asText(headerType == null ? "" : headerType),
                        document.path("errorMessage").asText(""), raw);
            }
        } catch (IOException notJson) {
            // the header alone describes the error, as the Runtime API allows
        }
        return new FunctionError(headerType == null ? "Runtime.Unknown" : headerType, raw, raw);
    }

    private static String traceHeader() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(id);
        random.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(id)
                + ";Parent=" + hex.formatHex(parent) + ";Sampled=0";
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] errorDocument(String errorType, String errorMessage) {
        return JSON.createObjectNode().put("errorMessage", errorMessage).put("errorType", errorType)
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
