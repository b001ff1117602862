package io.cosell.sandbox.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real Amazon DynamoDB Local, started as a separate JVM on the exact classpath Maven resolved for it at build
 * time (so its own AWS SDK never meets the application's). In-memory; stops with {@link #close()} or JVM exit.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "dynamodb-local.classpath";
    private static final String MAIN_CLASS = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";

    private final Process process;
    private final Path log;
    private final int port;
    private final Path nativeDir;

    private DynamoDbLocalServer(Process process, Path log, int port, Path nativeDir) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.nativeDir = nativeDir;
    }

    /** Starts DynamoDB Local on 127.0.0.1; port 0 picks a free port. Returns once it accepts connections. */
    public static DynamoDbLocalServer start(int port) {
        int chosen = port == 0 ? freePort() : port;
        List<String> classpath = serverClasspath();
        Path nativeDir = collectNativeLibraries(classpath);
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-Dsqlite4java.library.path=" + nativeDir,
                "-cp", String.join(java.io.File.pathSeparator, classpath.stream().filter(e -> e.endsWith(".jar")).toList()),
                MAIN_CLASS, "-inMemory", "-port", Integer.toString(chosen), "-disableTelemetry"));
        try {
            Path log = Files.createTempFile("dynamodb-local", ".log");
            log.toFile().deleteOnExit();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            DynamoDbLocalServer server = new DynamoDbLocalServer(process, log, chosen, nativeDir);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynamodb-local-stop"));
            server.awaitListening(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start DynamoDB Local", e);
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("DynamoDB Local exited with code " + process.exitValue()
                        + " before listening on port " + port + ": " + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("DynamoDB Local did not listen on port " + port + " within " + timeout);
    }

    static List<String> serverClasspath() {
        try (InputStream in = DynamoDbLocalServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build the sandbox/dynamodb-local module with Maven");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.asList(text.split(java.io.File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** sqlite4java looks for its native library in one folder: gather them there under their released names. */
    private static Path collectNativeLibraries(List<String> classpath) {
        try {
            Path dir = Files.createTempDirectory("dynamodb-local-native");
            dir.toFile().deleteOnExit();
            for (String entry : classpath) {
                if (entry.endsWith(".so") || entry.endsWith(".dylib") || entry.endsWith(".dll")) {
                    Path source = Path.of(entry);
                    Path target = dir.resolve(source.getFileName());
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare sqlite4java native libraries", e);
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
