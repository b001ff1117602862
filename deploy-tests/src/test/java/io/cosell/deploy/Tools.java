package io.cosell.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's checking tools (cfn-lint, the SAM translator, the HCL parser) as the build machine has them. */
final class Tools {

    record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    static Result run(Path directory, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putIfAbsent("AWS_DEFAULT_REGION", "eu-west-1");
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + " (" + e.getMessage() + "): this build needs "
                    + "cfn-lint and aws-sam-translator (Python) and Node.js with npm, as the project's machines have", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Runs the command and returns its output, or fails the test with the command's output. */
    static String runOrFail(Path directory, List<String> command) {
        Result result = run(directory, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }
}
