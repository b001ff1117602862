package io.cosell.sandbox.aws;

import io.cosell.sandbox.process.LocalServerProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    private final LocalServerProcess process;

    private ElasticMqServer(LocalServerProcess process) {
        this.process = process;
    }

    /** Starts ElasticMQ on 127.0.0.1; port 0 picks a free port. Returns once it accepts connections. */
    public static ElasticMqServer start(int port, List<QueueSpec> queues) {
        int chosen = port == 0 ? LocalServerProcess.freePort() : port;
        try {
            Path config = Files.createTempFile("elasticmq", ".conf");
            config.toFile().deleteOnExit();
            Files.writeString(config, configuration(chosen, queues));
            List<String> jvmOptions = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dconfig.file=" + config, "-cp", serverClasspath());
            return new ElasticMqServer(LocalServerProcess.start("elasticmq", chosen, jvmOptions, MAIN_CLASS, List.of(),
                    Duration.ofSeconds(60)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the ElasticMQ configuration", e);
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
        return process.port();
    }

    public URI endpoint() {
        return process.endpoint();
    }

    /** The queue URL ElasticMQ answers for a queue name (account id 000000000000). */
    public String queueUrl(String queueName) {
        return endpoint() + "/000000000000/" + queueName;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
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
}
