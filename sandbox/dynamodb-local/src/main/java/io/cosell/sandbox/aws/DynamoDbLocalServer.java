package io.cosell.sandbox.aws;

import io.cosell.sandbox.process.LocalServerProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The real Amazon DynamoDB Local, started as a separate JVM on the exact classpath Maven resolved for it at build
 * time (so its own AWS SDK never meets the application's). In-memory; stops with {@link #close()} or JVM exit.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "dynamodb-local.classpath";
    private static final String MAIN_CLASS = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";

    private final LocalServerProcess process;

    private DynamoDbLocalServer(LocalServerProcess process) {
        this.process = process;
    }

    /** Starts DynamoDB Local on 127.0.0.1; port 0 picks a free port. Returns once it accepts connections. */
    public static DynamoDbLocalServer start(int port) {
        int chosen = port == 0 ? LocalServerProcess.freePort() : port;
        List<String> classpath = serverClasspath();
        List<String> jvmOptions = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-Dsqlite4java.library.path=" + collectNativeLibraries(classpath),
                "-cp", String.join(java.io.File.pathSeparator, classpath.stream().filter(e -> e.endsWith(".jar")).toList()));
        return new DynamoDbLocalServer(LocalServerProcess.start("dynamodb-local", chosen, jvmOptions, MAIN_CLASS,
                List.of("-inMemory", "-port", Integer.toString(chosen), "-disableTelemetry"), Duration.ofSeconds(60)));
    }

    public int port() {
        return process.port();
    }

    public URI endpoint() {
        return process.endpoint();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
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
}
