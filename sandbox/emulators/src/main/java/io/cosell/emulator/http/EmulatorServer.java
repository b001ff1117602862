package io.cosell.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An HTTP server on 127.0.0.1 for one emulator. Every request outside {@code /_sandbox/} goes through fault
 * injection, then authentication, then the router; {@code /_sandbox/faults} controls the faults. The answer of an
 * applied request may then be lost on purpose ({@link LostAnswer}).
 */
public final class EmulatorServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmulatorServer.class.getName());
    public static final String CONTROL_PREFIX = "/_sandbox/";

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;
    private final ErrorFormat errors;
    private final Authenticator authenticator;
    private final FaultInjector faults;

    private EmulatorServer(String name, HttpServer server, ExecutorService executor, Router router, ErrorFormat errors,
                           Authenticator authenticator, FaultInjector faults) {
        this.name = name;
        this.server = server;
        this.executor = executor;
        this.router = router;
        this.errors = errors;
        this.authenticator = authenticator;
        this.faults = faults;
    }

    /** Starts listening on 127.0.0.1:port (0 = a free port). */
    public static EmulatorServer start(String name, int port, Router router, ErrorFormat errors,
                                       Authenticator authenticator, FaultInjector faults) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            EmulatorServer emulator = new EmulatorServer(name, server, executor, router, errors, authenticator, faults);
            server.createContext("/", emulator::handle);
            server.setExecutor(executor);
            server.start();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException(name + " could not listen on port " + port, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://127.0.0.1:port (no trailing slash). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public FaultInjector faults() {
        return faults;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            Request request = toRequest(exchange);
            response = answer(request);
            if (!request.path().startsWith(CONTROL_PREFIX)) {
                long hold = faults.loseAnswer(request.method(), request.path(), response.status());
                if (hold >= 0) {
                    loseAnswer(exchange, hold);
                    return;
                }
            }
        } catch (HttpError e) {
            response = errors.render(e);
        } catch (Exception e) {
            LOG.log(Level.WARNING, name + " failed on " + exchange.getRequestMethod() + " " + exchange.getRequestURI(), e);
            response = errors.render(new HttpError(500, "generalException", "Internal emulator error: " + e));
        }
        write(exchange, response);
    }

    /** The request was applied; its connection is closed without a status line, as a dropped connection looks. */
    private static void loseAnswer(HttpExchange exchange, long holdMs) {
        if (holdMs > 0) {
            try {
                Thread.sleep(holdMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // closing an exchange whose response headers were never sent closes its connection
        exchange.close();
    }

    private Response answer(Request request) throws Exception {
        if (request.path().equals(CONTROL_PREFIX + "faults")) {
            return faults.control(request);
        }
        try {
            if (!request.path().startsWith(CONTROL_PREFIX)) {
                faults.beforeApiRequest();
                String caller = authenticator.authenticate(request);
                request = withCaller(request, caller);
            }
            return router.dispatch(request);
        } catch (HttpError e) {
            return errors.render(e);
        }
    }

    /** The authenticated caller travels as the pseudo header {@code x-emulator-caller}. */
    private static Request withCaller(Request request, String caller) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.put(CALLER_HEADER, List.of(caller));
        return new Request(request.method(), request.uri(), request.path(), request.query(), headers, request.body(),
                request.pathParams());
    }

    public static final String CALLER_HEADER = "x-emulator-caller";

    private static Request toRequest(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase(CALLER_HEADER)) {
                headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v));
            }
        });
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), uri, uri.getPath(),
                Request.parseQuery(uri.getRawQuery()), headers, body, Map.of());
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody = response.body().length == 0 || response.status() == 204 || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
        exchange.close();
    }
}
