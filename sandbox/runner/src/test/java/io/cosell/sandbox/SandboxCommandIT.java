package io.cosell.sandbox;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sandbox as a command: prints every URL and "sandbox ready", and stops cleanly on a termination signal. */
class SandboxCommandIT {

    @Test
    void printsEachUrlThenReadyAndStopsCleanlyOnSignal() throws Exception {
        // given
        String classpath = "target/classes" + java.io.File.pathSeparator
                + Files.readString(Path.of("target", "runner.classpath")).trim();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", classpath, Sandbox.class.getName(),
                "--receiver-port=0", "--partner-center-port=0", "--dataverse-port=0", "--entra-port=0",
                "--dynamodb-port=0", "--sqs-port=0", "--functions-dir=target/functions");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readAll(process, output));

        try {
            // when
            await().atMost(Duration.ofSeconds(120)).until(() -> output.stream().anyMatch(l -> l.contains("sandbox ready"))
                    || !process.isAlive());
            process.toHandle().destroy(); // SIGTERM, like Ctrl-C; Process.destroy() would also close our end of its output

            // then
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.get(10, TimeUnit.SECONDS);
            assertThat(String.join("\n", output))
                    .contains("sandbox ready")
                    .containsPattern("webhook receiver +http://127\\.0\\.0\\.1:\\d+/")
                    .containsPattern("partner center +http://127\\.0\\.0\\.1:\\d+/v1\\.0/engagements/referrals")
                    .containsPattern("dataverse +http://127\\.0\\.0\\.1:\\d+/api/data/v9\\.2/")
                    .containsPattern("entra id +http://127\\.0\\.0\\.1:\\d+/sandbox-tenant/oauth2/v2\\.0/token")
                    .containsPattern("dynamodb +http://127\\.0\\.0\\.1:\\d+")
                    .containsPattern("sqs +http://127\\.0\\.0\\.1:\\d+/000000000000/cosell-sync")
                    .contains("sandbox stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void readAll(Process process, List<String> output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(output ended: " + e.getMessage() + ")");
        }
    }
}
