package io.cosell.functions.reconciler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged reconciler, started as Lambda starts it with a queue but without Entra ID settings: its init fails
 * with one message naming them, and it never asks for Dataverse or a mapping, which it does not use.
 */
class StartupCheckIT {

    @Test
    void missing_entra_settings_fail_the_start_in_one_message() throws Exception {
        // given
        Path app = runnerJar();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = Files.createTempFile("reconciler-start", ".log");
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
                + "cosell.entra.tenant (COSELL_ENTRA_TENANT), cosell.entra.client-id (COSELL_ENTRA_CLIENT_ID)")
                .doesNotContain("COSELL_SYNC_QUEUE_URL", "COSELL_DATAVERSE_API_ROOT", "cosell.mapping");
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
