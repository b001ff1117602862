package io.cosell.shared.priming;

import io.cosell.shared.http.ApiHttpClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one request through a JDK {@link HttpClient} (as the API clients and the certificate fetch do) and one
 * through {@link HttpURLConnection} (as the AWS SDK's URL-connection client does) to a listener of this very process
 * on the loopback interface, which answers {@code 200 {}}: the send path of both HTTP stacks runs once before the
 * first invocation, and nothing leaves the process. Both clients and the listener are closed afterwards, so no
 * connection or thread outlives priming.
 */
final class LoopbackExchange {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
            + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

    private LoopbackExchange() {
    }

    static void run() throws IOException, InterruptedException {
        try (ServerSocket listener = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout((int) TIMEOUT.toMillis());
            Thread answering = Thread.ofPlatform().daemon().name("priming-loopback").start(() -> answer(listener, 2));
            URI uri = URI.create("http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort()
                    + "/priming");
            try (HttpClient client = ApiHttpClient.defaultHttpClient()) {
                client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            } finally {
                connection.disconnect();
            }
            answering.join(TIMEOUT.toMillis());
        }
    }

    private static void answer(ServerSocket listener, int requests) {
        for (int i = 0; i < requests; i++) {
            try (Socket socket = listener.accept()) {
                readRequest(socket.getInputStream());
                socket.getOutputStream().write(ANSWER);
                socket.getOutputStream().flush();
            } catch (IOException stopped) {
                return;
            }
        }
    }

    /** Reads the head and the body the head announces, so the answer never races unread request bytes. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                return;
            }
            head.write(next);
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
    }
}
