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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ElasticMQ, an SQS-compatible server, started as a separate JVM on the classpath Maven resolved for it at build
 * time. Creates the given queues at start-up, each with its dead-letter queue and redrive policy.
 */
public final class ElasticMqServer implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "elasticmq.classpath";
    private static final String MAIN_CLASS = "org.elasticmq.server.Main";

    /** A queue with a dead-letter queue that receives a message after {@code maxReceiveCount} receives. */
    public record QueueSpec(String name, String deadLetterQueue, int maxReceiveCount, int visibilityTimeoutSeconds) {
    }

    private final Process process;
    private final Path log;
    private final int port;

    private ElasticMqServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts ElasticMQ on 127.0.0.1; port 0 picks a free port. Returns once it accepts connections. */
    public static ElasticMqServer start(int port, List<QueueSpec> queues) {
        int chosen = port == 0 ? freePort() : port;
        try {
            Path config = Files.createTempFile("elasticmq", ".conf");
            config.toFile().deleteOnExit();
            Files.writeString(config, configuration(chosen, queues));
            List<String> command = List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dconfig.file=" + config,
                    "-cp", serverClasspath(), MAIN_CLASS);
            Path log = Files.createTempFile("elasticmq", ".log");
            log.toFile().deleteOnExit();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ElasticMqServer server = new ElasticMqServer(process, log, chosen);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "elasticmq-stop"));
            server.awaitListening(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start ElasticMQ", e);
        }
    }

    static String configuration(int port, List<QueueSpec> queues) {
        StringBuilder conf = new StringBuilder()
                .append("include classpath(\"application.conf\")\n")
                .append("node-address { protocol = http, host = \"127.0.0.1\", port = ").append(port).append(", context-path = \"\" }\n")
                .append("rest-sqs { enabled = true, bind-port = ").append(port)
                .append(", bind-hostname = \"127.0.0.1\", sqs-limits = strict }\n")
                .append("rest-stats { enabled = false }\n")
                .append("queues {\n");
        for (QueueSpec queue : queues) {
            conf.append("  \"").append(queue.deadLetterQueue()).append("\" {}\n");
            conf.append("  \"").append(queue.name()).append("\" {\n")
                    .append("    defaultVisibilityTimeout = ").append(queue.visibilityTimeoutSeconds()).append(" seconds\n")
                    .append("    deadLettersQueue { name = \"").append(queue.deadLetterQueue())
                    .append("\", maxReceiveCount = ").append(queue.maxReceiveCount()).append(" }\n")
                    .append("  }\n");
        }
        return conf.append("}\n").toString();
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The queue URL ElasticMQ answers for a queue name (account id 000000000000). */
    public String queueUrl(String queueName) {
        return endpoint() + "/000000000000/" + queueName;
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
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
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
                throw new IllegalStateException("ElasticMQ exited with code " + process.exitValue()
                        + " before listening on port " + port + ": " + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("ElasticMQ did not listen on port " + port + " within " + timeout);
    }

    private static String serverClasspath() {
        try (InputStream in = ElasticMqServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build the sandbox/elasticmq module with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
