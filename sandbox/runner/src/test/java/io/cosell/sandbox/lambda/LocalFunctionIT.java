package io.cosell.sandbox.lambda;

import io.cosell.sandbox.lambda.fixture.ScriptedHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LocalFunction} with the real runtime interface client and a scripted handler in a function.zip. */
class LocalFunctionIT {

    private static Path zip;
    private static LocalFunction function;

    @BeforeAll
    static void start() throws IOException, URISyntaxException {
        zip = zipOf(ScriptedHandler.class);
        function = LocalFunction.start(new FunctionConfig("scripted", zip, ScriptedHandler.class.getName() + "::handleRequest",
                128, Duration.ofSeconds(3), 1, "eu-west-1", Map.of("COSELL_GREETING", "hello")));
    }

    @AfterAll
    static void stop() throws IOException {
        function.close();
        Files.deleteIfExists(zip);
    }

    @Test
    void returns_the_handlers_answer() {
        // when
        Invocation invocation = function.invoke(bytes("{\"ping\":1}")).join();

        // then
        assertThat(invocation.succeeded()).isTrue();
        assertThat(invocation.payloadUtf8()).isEqualTo("{\"ping\":1}");
        assertThat(function.coldStarts()).isNotEmpty();
    }

    @Test
    void passes_lambda_and_caller_environment_variables() {
        assertThat(function.invoke(bytes("\"env:COSELL_GREETING\"")).join().payloadUtf8()).isEqualTo("\"hello\"");
        assertThat(function.invoke(bytes("\"env:AWS_LAMBDA_FUNCTION_NAME\"")).join().payloadUtf8()).isEqualTo("\"scripted\"");
        assertThat(function.invoke(bytes("\"env:AWS_LAMBDA_FUNCTION_MEMORY_SIZE\"")).join().payloadUtf8()).isEqualTo("\"128\"");
        assertThat(function.invoke(bytes("\"env:AWS_REGION\"")).join().payloadUtf8()).isEqualTo("\"eu-west-1\"");
    }

    @Test
    void reports_a_thrown_exception_as_a_function_error() {
        // when
        Invocation invocation = function.invoke(bytes("\"fail\"")).join();

        // then
        assertThat(invocation.succeeded()).isFalse();
        assertThat(invocation.error().errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(invocation.error().errorMessage()).isEqualTo("scripted failure");
    }

    @Test
    void times_out_and_replaces_the_stuck_environment() {
        // when
        Invocation stuck = function.invoke(bytes("\"sleep\"")).join();
        Invocation next = function.invoke(bytes("\"after\"")).join();

        // then
        assertThat(stuck.error().errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(stuck.error().errorMessage()).isEqualTo("Task timed out after 3.0 seconds");
        assertThat(stuck.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(next.payloadUtf8()).isEqualTo("\"after\"");
        assertThat(function.coldStarts()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void an_invocation_waiting_for_a_slow_init_gets_its_whole_timeout_after_it() {
        // given: an init of 5 s, longer than the 3 s timeout, as a cold start on a busy machine can be
        try (LocalFunction slow = LocalFunction.start(new FunctionConfig("slow-init", zip,
                ScriptedHandler.class.getName() + "::handleRequest", 128, Duration.ofSeconds(3), 1, "eu-west-1",
                Map.of("SCRIPTED_INIT_MILLIS", "5000")))) {

            // when: invoked at once, before the environment has initialised
            Invocation invocation = slow.invoke(bytes("\"remaining\"")).join();

            // then: the init did not count against the timeout (Lambda's rule), and the deadline started after it
            assertThat(invocation.succeeded()).as("%s", invocation.error()).isTrue();
            assertThat(invocation.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(Integer.parseInt(invocation.payloadUtf8())).isBetween(2_000, 3_000);
        }
    }

    @Test
    void an_invocation_waiting_for_a_busy_environment_gets_its_whole_timeout_when_taken() {
        // given: the only environment busy for 2 s of the 3 s timeout
        CompletableFuture<Invocation> busy = function.invoke(bytes("\"pause:2000\""));

        // when
        Invocation waiting = function.invoke(bytes("\"remaining\"")).join();

        // then: the wait for the environment did not count (Lambda's rule), so it neither timed out nor lost 2 s
        assertThat(busy.join().payloadUtf8()).isEqualTo("\"paused\"");
        assertThat(waiting.succeeded()).as("%s", waiting.error()).isTrue();
        assertThat(waiting.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(Integer.parseInt(waiting.payloadUtf8())).isBetween(2_500, 3_000);
    }

    @Test
    void serves_an_init_error_to_the_next_invocation() {
        // given: a handler class that is not in the zip, so the runtime reports /init/error and exits
        try (LocalFunction broken = LocalFunction.start(FunctionConfig.funqy("broken", zip)
                .withHandler("io.cosell.Missing::handleRequest"))) {

            // when
            Invocation invocation = broken.invoke(bytes("{}")).join();

            // then
            assertThat(invocation.succeeded()).isFalse();
            assertThat(invocation.error().errorMessage()).contains("io.cosell.Missing");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Path zipOf(Class<?> handler) throws IOException, URISyntaxException {
        String entry = handler.getName().replace('.', '/') + ".class";
        Path classFile = Path.of(handler.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(entry);
        Path zip = Files.createTempFile("scripted-function", ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            zipOut.putNextEntry(new ZipEntry(entry));
            Files.copy(classFile, zipOut);
            zipOut.closeEntry();
        }
        return zip;
    }
}
