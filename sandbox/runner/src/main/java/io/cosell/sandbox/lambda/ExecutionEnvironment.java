package io.cosell.sandbox.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.function.Consumer;

/**
 * One Lambda execution environment: a worker JVM running the AWS Lambda runtime interface client
 * ({@code AWSLambda <handler>}) against its own {@link LambdaRuntimeApi}. As on Lambda, the function code is
 * loaded from the task root (the unpacked function.zip, the worker's working directory) by the runtime client's
 * own class loader, and the runtime client's jars are the system class path.
 */
final class ExecutionEnvironment implements RuntimeListener, AutoCloseable {

    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final Map<String, Optional<Path>> JNI_LIBRARIES = new ConcurrentHashMap<>();

    private final FunctionConfig config;
    private final int index;
    private final LambdaRuntimeApi api;
    private final Process process;
    private final Path log;
    private final long startNanos = System.nanoTime();
    private final Consumer<Duration> onInitialised;
    private final Consumer<PendingInvocation> onTaken;
    private volatile Duration initDuration;
    private volatile FunctionError initError;
    private volatile PendingInvocation current;
    private volatile boolean closing;

    private ExecutionEnvironment(FunctionConfig config, int index, BlockingQueue<PendingInvocation> queue,
                                 Path taskRoot, String runtimeClasspath, Path logDirectory,
                                 Consumer<Duration> onInitialised, Consumer<PendingInvocation> onTaken) {
        this.config = config;
        this.onInitialised = onInitialised;
        this.onTaken = onTaken;
        this.index = index;
        this.api = LambdaRuntimeApi.start(queue, config.functionArn(), this);
        this.log = logDirectory.resolve(config.name() + "-" + index + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command(runtimeClasspath));
            builder.environment().clear();
            builder.environment().putAll(lambdaEnvironment(config, api.address(), taskRoot, index));
            this.process = builder
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("could not start a worker JVM for " + config.name(), e);
        }
    }

    /**
     * Starts the worker. {@code onInitialised} gets the init duration once the runtime first asks for an invocation;
     * {@code onTaken} each invocation as the runtime takes it, before its deadline is sent; {@code onExit} runs when
     * the worker ends without {@link #close()} having been called.
     */
    static ExecutionEnvironment start(FunctionConfig config, int index, BlockingQueue<PendingInvocation> queue,
                                      Path taskRoot, String runtimeClasspath, Path logDirectory,
                                      Consumer<Duration> onInitialised, Consumer<PendingInvocation> onTaken,
                                      Consumer<ExecutionEnvironment> onExit) {
        ExecutionEnvironment environment = new ExecutionEnvironment(config, index, queue, taskRoot, runtimeClasspath,
                logDirectory, onInitialised, onTaken);
        environment.process.onExit().thenRun(() -> {
            if (!environment.closing) {
                onExit.accept(environment);
            }
        });
        return environment;
    }

    private List<String> command(String runtimeClasspath) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + Math.max(64, config.memoryMb() * 85 / 100) + "m",
                "-XX:+UseSerialGC",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                // Lambda's logs are UTF-8; LANG alone does not make them so where that locale is not installed
                "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
                "-Djava.net.preferIPv4Stack=true"));
        if (Runtime.version().feature() >= 24) {
            // Quarkus started from a plain class path needs it there; Lambda's java21 runtime does not
            command.add("--add-opens");
            command.add("java.base/java.lang=ALL-UNNAMED");
        }
        jniLibrary(runtimeClasspath).ifPresent(library -> command.add("-D" + JNI_PROPERTY + "=" + library));
        command.addAll(List.of("-cp", runtimeClasspath, RUNTIME_MAIN, config.handler()));
        return command;
    }

    /**
     * The runtime client's native library, unpacked once per class path. Left to itself the client unpacks it to
     * the fixed path {@code /tmp/.libaws-lambda-jni.so} in every JVM, so two workers starting at once can load a
     * half-written copy and crash; given this file it loads it as it is.
     */
    private static Optional<Path> jniLibrary(String runtimeClasspath) {
        return JNI_LIBRARIES.computeIfAbsent(runtimeClasspath, ExecutionEnvironment::unpackJniLibrary);
    }

    private static Optional<Path> unpackJniLibrary(String runtimeClasspath) {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
        String entryName = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        for (String jar : runtimeClasspath.split(java.io.File.pathSeparator)) {
            if (!jar.contains("aws-lambda-java-runtime-interface-client")) {
                continue;
            }
            try (ZipFile zip = new ZipFile(jar)) {
                ZipEntry entry = zip.getEntry(entryName);
                if (entry == null) {
                    return Optional.empty();
                }
                Path library = Files.createTempFile("aws-lambda-jni-", ".so");
                library.toFile().deleteOnExit();
                try (var in = zip.getInputStream(entry)) {
                    Files.copy(in, library, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return Optional.of(library);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The variables Lambda sets for a function, then the caller's; nothing is inherited from this JVM. */
    static Map<String, String> lambdaEnvironment(FunctionConfig config, String runtimeApi, Path taskRoot, int index) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", config.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(config.timeout().toSeconds()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "sandbox/" + config.name() + "/" + index);
        env.put("AWS_REGION", config.region());
        env.put("AWS_DEFAULT_REGION", config.region());
        env.putAll(config.environment());
        return env;
    }

    @Override
    public void initialised() {
        initDuration = Duration.ofNanos(System.nanoTime() - startNanos);
        onInitialised.accept(initDuration);
    }

    @Override
    public void took(PendingInvocation invocation) {
        current = invocation;
        onTaken.accept(invocation);
    }

    @Override
    public void initFailed(FunctionError error) {
        initError = error;
    }

    boolean holds(PendingInvocation invocation) {
        return current == invocation;
    }

    /** The invocation the runtime took and has not answered yet. */
    Optional<PendingInvocation> heldInvocation() {
        PendingInvocation held = current;
        return held == null || held.isDone() ? Optional.empty() : Optional.of(held);
    }

    /** Initialised without error and still running: it can take an invocation. */
    boolean ready() {
        return initDuration != null && initError == null && process.isAlive() && !closing;
    }

    boolean failedToInitialise() {
        return initDuration == null || initError != null;
    }

    int index() {
        return index;
    }

    /** The worker JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** Why the worker ended: its init error if it reported one, else its exit code and the end of its log. */
    FunctionError exitError() {
        if (initError != null) {
            return initError;
        }
        return new FunctionError("Runtime.ExitError", "RequestId: " + (current == null ? "-" : current.requestId())
                + " Error: Runtime exited with error: exit status " + process.exitValue() + "\n" + logTail(), "");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        closing = true;
        api.close();
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
}
