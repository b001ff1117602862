package io.cosell.sandbox.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Lambda function run locally from its real {@code function.zip}: the zip is unpacked into a task root and
 * {@link FunctionConfig#concurrency()} worker JVMs (execution environments) run the AWS Lambda runtime interface
 * client against this class's Runtime API. Invocations wait in one queue until an environment asks for the next.
 *
 * <p>Like Lambda: an invocation that outlives the timeout (counted once the function's first environment has
 * initialised, however long that takes) fails with {@code Sandbox.Timedout} and its environment
 * is replaced by a fresh one (a cold start); an environment that crashes is replaced too; one that fails to
 * initialise serves its init error to the next invocation and is started again for the one after. Unlike Lambda,
 * environments start eagerly (at {@link #start}) and never scale beyond the configured concurrency.
 * Worker output goes to {@code <name>-<n>.log} files in {@link #logDirectory()}.
 */
public final class LocalFunction implements FunctionInvoker, AutoCloseable {

    private static final String RUNTIME_CLASSPATH_RESOURCE = "lambda-runtime.classpath";
    /** The longest a cold init may take on a busy machine before the sandbox gives up on it. */
    public static final Duration INIT_LIMIT = Duration.ofMinutes(2);

    private final FunctionConfig config;
    private final Path taskRoot;
    private final Path logDirectory;
    private final String runtimeClasspath;
    private final BlockingQueue<PendingInvocation> queue = new LinkedBlockingQueue<>();
    private final List<ExecutionEnvironment> environments = new CopyOnWriteArrayList<>();
    private final List<Duration> coldStarts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Duration> firstInitialised = new CompletableFuture<>();
    /**
     * An invocation's timeout counts from when an environment takes it, as in Lambda, where no time spent waiting
     * for an environment counts (a Function URL scales out instead of queueing; an event source mapping or an
     * asynchronous invoke hands it over when one is free). Lambda also gives an environment's init 10 s of its own,
     * and a cold start on a busy machine can take longer than that here, so an environment takes its first
     * invocation only once initialised. If none has initialised after {@link #INIT_LIMIT}, the invocations waiting
     * get their clocks then (an init error is served to the next invocation at once).
     */
    private final CompletableFuture<Duration> clockStarts = firstInitialised.copy()
            .completeOnTimeout(INIT_LIMIT, INIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final ScheduledExecutorService timeouts;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LocalFunction(FunctionConfig config, Path workDirectory) {
        this.config = config;
        this.taskRoot = workDirectory.resolve("task");
        this.logDirectory = workDirectory.resolve("logs");
        this.runtimeClasspath = runtimeClasspath();
        this.timeouts = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name(config.name() + "-timeouts").factory());
        this.shutdownHook = new Thread(this::stopEnvironments, config.name() + "-stop");
    }

    /** Unpacks the zip and starts the execution environments; returns without waiting for them to initialise. */
    public static LocalFunction start(FunctionConfig config) {
        if (!Files.isRegularFile(config.zip())) {
            throw new IllegalArgumentException("no function.zip at " + config.zip() + ": build the function module first");
        }
        try {
            LocalFunction function = new LocalFunction(config, Files.createTempDirectory("lambda-" + config.name() + "-"));
            unzip(config.zip(), function.taskRoot);
            Files.createDirectories(function.logDirectory);
            Runtime.getRuntime().addShutdownHook(function.shutdownHook);
            for (int index = 0; index < config.concurrency(); index++) {
                function.environments.add(function.startEnvironment(index));
            }
            return function;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare function " + config.name(), e);
        }
    }

    public String name() {
        return config.name();
    }

    public FunctionConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Invocation> invoke(byte[] payload) {
        if (closed) {
            throw new IllegalStateException("function " + config.name() + " is closed");
        }
        invocations.incrementAndGet();
        PendingInvocation invocation = new PendingInvocation(payload);
        invocation.result().whenComplete((result, error) -> completed.incrementAndGet());
        // before the queue has it, so no environment takes it without its deadline
        clockStarts.thenRun(() -> {
            if (!firstInitialised.isDone()) {
                startClock(invocation);
            }
        });
        queue.add(invocation);
        return invocation.result();
    }

    private void startClock(PendingInvocation invocation) {
        if (!invocation.startClock(config.timeout())) {
            return;
        }
        ScheduledFuture<?> timeout = timeouts.schedule(() -> timedOut(invocation),
                config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        invocation.result().whenComplete((result, error) -> timeout.cancel(false));
    }

    /** Invocations received since start, by every trigger. */
    public long invocations() {
        return invocations.get();
    }

    /** Invocations that have ended (answered, failed or timed out), by every trigger. */
    public long completedInvocations() {
        return completed.get();
    }

    /** Execution environments initialised and running, out of {@link FunctionConfig#concurrency()}. */
    public int readyEnvironments() {
        return (int) environments.stream().filter(ExecutionEnvironment::ready).count();
    }

    /** Init durations (JVM start to first request for an invocation) of every environment started so far. */
    public List<Duration> coldStarts() {
        return List.copyOf(coldStarts);
    }

    /** Waits until at least one environment has initialised, e.g. before measuring warm invocations. */
    public boolean awaitInitialised(Duration timeout) throws InterruptedException {
        try {
            firstInitialised.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException notYet) {
            return false;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Replaces every execution environment by a fresh one, as Lambda does when it recycles environments: the next
     * invocations run after a new init (a cold start), with nothing kept in memory from before.
     */
    public void restartEnvironments() {
        environments.forEach(this::replace);
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** The process ids of the worker JVMs running now, e.g. to read their memory use from {@code /proc}. */
    public List<Long> workerPids() {
        return environments.stream().map(ExecutionEnvironment::pid).toList();
    }

    private ExecutionEnvironment startEnvironment(int index) {
        return ExecutionEnvironment.start(config, index, queue, taskRoot, runtimeClasspath, logDirectory,
                initDuration -> {
                    coldStarts.add(initDuration);
                    firstInitialised.complete(initDuration);
                },
                this::startClock, this::environmentEnded);
    }

    private void timedOut(PendingInvocation invocation) {
        if (invocation.fail(new FunctionError("Sandbox.Timedout",
                "Task timed out after " + config.timeout().toMillis() / 1000.0 + " seconds", ""))) {
            environments.stream().filter(environment -> environment.holds(invocation)).findFirst()
                    .ifPresent(this::replace);
        }
    }

    private void environmentEnded(ExecutionEnvironment environment) {
        FunctionError error = environment.exitError();
        if (environment.failedToInitialise()) {
            // Lambda answers the next invocation with the init error, then tries a fresh environment
            Thread.ofVirtual().name(config.name() + "-init-error").start(() -> serveInitError(environment, error));
            return;
        }
        environment.heldInvocation().ifPresent(invocation -> invocation.fail(error));
        replace(environment);
    }

    private void serveInitError(ExecutionEnvironment environment, FunctionError error) {
        try {
            while (!closed) {
                PendingInvocation next = queue.poll(1, TimeUnit.SECONDS);
                if (next != null && next.fail(error)) {
                    replace(environment);
                    return;
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void replace(ExecutionEnvironment environment) {
        int position = environments.indexOf(environment);
        if (position < 0 || closed) {
            return;
        }
        environment.close();
        environments.set(position, startEnvironment(environment.index()));
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(in, destination);
                }
            }
        }
    }

    /** The runtime interface client and its dependencies, as Maven resolved them for this module. */
    private static String runtimeClasspath() {
        try (InputStream in = LocalFunction.class.getResourceAsStream(RUNTIME_CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RUNTIME_CLASSPATH_RESOURCE + " is missing: build sandbox/runner with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopEnvironments() {
        closed = true;
        environments.forEach(ExecutionEnvironment::close);
        timeouts.shutdownNow();
        queue.forEach(invocation -> invocation.fail(new FunctionError("Sandbox.Stopped", "the function was stopped", "")));
    }

    @Override
    public void close() {
        stopEnvironments();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        deleteRecursively(taskRoot.getParent());
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
