package io.cosell.functions.admin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged admin function, started as Lambda starts it with the sync queue but without its dead-letter queue: its
 * init fails with a message naming it, and it never asks for Entra ID or Dataverse: only its doctor uses them, and
 * a doctor check reports what is missing.
 */
class StartupCheckIT {

    @Test
    void a_missing_dead_letter_queue_fails_the_start() throws Exception {
        // given
        Path app = runnerJar();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = Files.createTempFile("admin-start", ".log");
        ProcessBuilder start = new ProcessBuilder(java, "-jar", app.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = start.environment();
        env.keySet().removeIf(name -> name.startsWith("COSELL_") || name.startsWith("QUARKUS_"));
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9");
        env.put("AWS_REGION", "eu-west-1");
        env.put("COSELL_PRIMING_ENABLED", "false");
        env.put("COSELL_SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/cosell-sync");

        // when
        Process process = start.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }

        // then
        String log = read(output);
        assertThat(exited).as("the function exits at start-up; output:%n%s", log).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(log).contains("The function cannot start: required settings are not set: "
                + "cosell.sync-dlq-url (COSELL_SYNC_DLQ_URL)")
                .doesNotContain("COSELL_ENTRA_TENANT", "COSELL_DATAVERSE_API_ROOT");
    }

    /** The application as packaged with the function.zip (Quarkus's runner jar). */
    private static Path runnerJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-runner.jar: run the package phase first"));
        }
    }

    private static String read(Path output) throws IOException {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
