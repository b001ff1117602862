package io.cosell.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sandbox as {@code bin/sandbox} runs it (the Quarkus application {@code quarkus-run.jar}), started once: prints
 * every URL and "sandbox ready", reports each part at {@code /q/health/ready}, ticks the poller's schedule on the
 * Quarkus scheduler, and stops cleanly on a termination signal. The tests run in order on the one process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration START = Duration.ofSeconds(180);

    private static Process process;
    private static final List<String> output = new CopyOnWriteArrayList<>();
    private static CompletableFuture<Void> reader;

    @BeforeAll
    static void startTheCommand() throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/quarkus-app/quarkus-run.jar",
                "--receiver-port=0", "--partner-center-port=0", "--dataverse-port=0", "--entra-port=0",
                "--dynamodb-port=0", "--sqs-port=0", "--health-port=0", "--poll-interval=2",
                "--functions-dir=target/functions");
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = CompletableFuture.runAsync(() -> readAll(process, output));
    }

    @AfterAll
    static void killWhatIsLeft() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Test
    @Order(1)
    void printsEachUrlThenReady() {
        // when
        await().atMost(START).until(() -> printed("sandbox ready") || !process.isAlive());

        // then
        assertThat(String.join("\n", output))
                .contains("sandbox ready")
                .containsPattern("webhook receiver +http://127\\.0\\.0\\.1:\\d+/")
                .containsPattern("partner center +http://127\\.0\\.0\\.1:\\d+/v1\\.0/engagements/referrals")
                .containsPattern("dataverse +http://127\\.0\\.0\\.1:\\d+/api/data/v9\\.2/")
                .containsPattern("entra id +http://127\\.0\\.0\\.1:\\d+/sandbox-tenant/oauth2/v2\\.0/token")
                .containsPattern("dynamodb +http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("sqs +http://127\\.0\\.0\\.1:\\d+/000000000000/cosell-sync")
                .containsPattern("readiness +http://127\\.0\\.0\\.1:\\d+/q/health/ready");
    }

    @Test
    @Order(2)
    void readinessIsUpWithOneCheckPerPart() throws Exception {
        // when
        await().atMost(START).untilAsserted(() -> {
            HttpResponse<String> response = ready();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        });
        JsonNode health = JSON.readTree(ready().body());

        // then
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("checks")).extracting(check -> check.path("name").asText())
                .containsExactlyInAnyOrderElementsOf(Sandbox.PARTS);
        assertThat(health.path("checks")).allSatisfy(check -> assertThat(check.path("status").asText()).isEqualTo("UP"));
        assertThat(check(health, "function-mapper").path("data").path("environments").asText()).isEqualTo("2/2");
        assertThat(check(health, "dynamodb").path("data").path("table").asText()).isEqualTo("cosell-sync ACTIVE");
    }

    @Test
    @Order(3)
    void theQuarkusSchedulerInvokesThePollerEveryInterval() throws Exception {
        // when: --poll-interval=2, and nothing else invokes the poller
        await().atMost(Duration.ofSeconds(60)).until(() -> pollerInvocations() >= 3);

        // then
        long seen = pollerInvocations();
        await().atMost(Duration.ofSeconds(30)).until(() -> pollerInvocations() > seen);
        assertThat(pollerInvocations()).isGreaterThan(seen);
    }

    @Test
    @Order(4)
    void aStoppedPartTurnsItsCheckAndReadinessDown() throws Exception {
        // given
        // the JVM options come first in the command line, which Linux cuts at 4096 characters
        ProcessHandle dynamoDbLocal = process.descendants()
                .filter(child -> child.info().commandLine().orElse("").contains("-Dsqlite4java.library.path="))
                .findFirst().orElseThrow();

        // when
        dynamoDbLocal.destroyForcibly();

        // then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> response = ready();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        });
        JsonNode health = JSON.readTree(ready().body());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(check(health, "dynamodb").path("status").asText()).isEqualTo("DOWN");
        assertThat(check(health, "sqs").path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(5)
    void stopsCleanlyOnSignal() throws Exception {
        // when
        process.toHandle().destroy(); // SIGTERM, like Ctrl-C; Process.destroy() would also close our end of its output

        // then
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.get(10, TimeUnit.SECONDS);
        assertThat(output).contains("sandbox stopped");
    }

    private static boolean printed(String text) {
        return output.stream().anyMatch(line -> line.contains(text));
    }

    private static String printedGroup(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return output.stream().map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no line matches " + regex + " in\n" + String.join("\n", output)));
    }

    private static HttpResponse<String> ready() throws IOException, InterruptedException {
        URI url = URI.create(printedGroup("readiness +(http://\\S+)"));
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long pollerInvocations() throws IOException, InterruptedException {
        return check(JSON.readTree(ready().body()), "function-crm-poller").path("data").path("invocations").asLong();
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
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
