package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Lambda function URL in front of a function: each HTTP request becomes a payload format 2.0 event and the
 * function's answer becomes the HTTP response, following the AWS "Invoking Lambda function URLs" page:
 * lower-case headers (repeated ones joined by commas), cookies moved from the {@code cookie} header into
 * {@code cookies}, {@code queryStringParameters} decoded, the body base64-encoded unless it is text. A response
 * object with {@code statusCode} gives status, headers, cookies ({@code Set-Cookie}) and body (decoded when
 * {@code isBase64Encoded}); any other JSON answer is sent as-is with status 200 and {@code application/json}.
 * A function error, timeout or unreadable answer gives 502 {@code {"Message":"Internal Server Error"}}.
 * Where the docs are silent: "text" means {@code text/*} or a JSON, XML, JavaScript or form content type; a
 * response without {@code content-type} gets {@code application/json}.
 */
public final class FunctionUrlEndpoint implements AutoCloseable {

    public static final int DEFAULT_PORT = 7100;

    private static final ObjectMapper JSON = LocalJson.MAPPER;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final byte[] BAD_GATEWAY = "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);

    private final FunctionInvoker function;
    private final String urlId;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    private FunctionUrlEndpoint(FunctionInvoker function, int port) {
        this.function = function;
        this.urlId = UUID.randomUUID().toString().replace("-", "");
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Listens on 127.0.0.1; port 0 picks a free port. */
    public static FunctionUrlEndpoint start(int port, FunctionInvoker function) {
        FunctionUrlEndpoint endpoint = new FunctionUrlEndpoint(function, port);
        endpoint.server.start();
        return endpoint;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Invocation invocation;
            try {
                invocation = function.invoke(JSON.writeValueAsBytes(event(exchange, body))).join();
            } catch (RuntimeException failed) {
                send(exchange, 502, Map.of("content-type", "application/json"), List.of(), BAD_GATEWAY);
                return;
            }
            respond(exchange, invocation);
        }
    }

    private ObjectNode event(HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        Instant now = Instant.now();
        ObjectNode event = JSON.createObjectNode()
                .put("version", "2.0")
                .put("routeKey", "$default")
                .put("rawPath", uri.getRawPath())
                .put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        ArrayNode cookies = JSON.createArrayNode();
        ObjectNode headers = event.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lowerCase = name.toLowerCase(Locale.ROOT);
            if (lowerCase.equals("cookie")) {
                values.forEach(value -> List.of(value.split(";")).forEach(cookie -> cookies.add(cookie.trim())));
            } else {
                headers.put(lowerCase, String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) {
            event.set("cookies", cookies);
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            queryParameters(uri.getRawQuery()).forEach(parameters::put);
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        ObjectNode context = event.putObject("requestContext")
                .put("accountId", "anonymous")
                .put("apiId", urlId)
                .put("domainName", host == null ? "127.0.0.1" : host)
                .put("domainPrefix", urlId)
                .put("requestId", UUID.randomUUID().toString())
                .put("routeKey", "$default")
                .put("stage", "$default")
                .put("time", REQUEST_TIME.format(now))
                .put("timeEpoch", now.toEpochMilli());
        context.putObject("http")
                .put("method", exchange.getRequestMethod())
                .put("path", uri.getRawPath())
                .put("protocol", exchange.getProtocol())
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress())
                .put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        boolean text = isText(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (body.length > 0) {
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("javascript") || type.contains("x-www-form-urlencoded");
    }

    private static void respond(HttpExchange exchange, Invocation invocation) throws IOException {
        if (!invocation.succeeded()) {
            send(exchange, 502, Map.of("content-type", "application/json"), List.of(), BAD_GATEWAY);
            return;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(invocation.payload());
        } catch (IOException notJson) {
            send(exchange, 502, Map.of("content-type", "application/json"), List.of(), BAD_GATEWAY);
            return;
        }
        if (answer == null || !answer.isObject() || !answer.has("statusCode")) {
            send(exchange, 200, Map.of("content-type", "application/json"), List.of(), invocation.payload());
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = answer.path("headers").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> header = fields.next();
            headers.put(header.getKey(), header.getValue().asText());
        }
        headers.keySet().stream().filter(name -> name.equalsIgnoreCase("content-type")).findFirst()
                .ifPresentOrElse(name -> { }, () -> headers.put("content-type", "application/json"));
        List<String> cookies = answer.path("cookies").isArray()
                ? JSON.convertValue(answer.path("cookies"), JSON.getTypeFactory().constructCollectionType(List.class, String.class))
                : List.of();
        String body = answer.path("body").isNull() ? "" : answer.path("body").asText("");
        byte[] bytes = answer.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        send(exchange, answer.path("statusCode").asInt(), headers, cookies, bytes);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, List<String> cookies,
                             byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        cookies.forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
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
