package io.cosell.shared.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A function as packaged with its function.zip (Quarkus's runner jar in {@code target/}), started as Lambda starts
 * it, with only the given settings (no {@code COSELL_*} or {@code QUARKUS_*} variable of the caller, priming off, a
 * runtime API nobody answers): what its init printed, and whether and how it exited within a minute.
 *
 * @param exited    whether the process exited on its own
 * @param exitValue its exit value (meaningless when it did not exit)
 * @param output    standard output and error
 */
public record PackagedFunctionStart(boolean exited, int exitValue, String output) {

    public static PackagedFunctionStart withSettings(Map<String, String> settings)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = Files.createTempFile("function-start", ".log");
        try {
            ProcessBuilder start = new ProcessBuilder(java, "-jar", runnerJar().toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = start.environment();
            env.keySet().removeIf(name -> name.startsWith("COSELL_") || name.startsWith("QUARKUS_"));
            env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9");
            env.put("AWS_REGION", "eu-west-1");
            env.put("COSELL_PRIMING_ENABLED", "false");
            env.putAll(settings);
            Process process = start.start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            return new PackagedFunctionStart(exited, exited ? process.exitValue() : -1,
                    Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path runnerJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-runner.jar: run the package phase first"));
        }
    }
}
