package io.cosell.sandbox;

import io.cosell.sandbox.process.LocalServerProcess;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.scheduler.Scheduler;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code bin/sandbox}: starts the sandbox, prints each URL and {@code sandbox ready}, serves every part's readiness
 * at {@code /q/health/ready} on the health port, and stops everything on Ctrl-C or SIGTERM.
 *
 * <p>The parts start in {@link #main} while Quarkus boots (its boot would otherwise add to the start); the poller's
 * schedule waits in a {@link DeferredIntervalScheduler} until the Quarkus scheduler is there.
 */
@QuarkusMain
public class SandboxCommand implements QuarkusApplication {

    private static final String HTTP_PORT = "quarkus.http.port";
    private static final DeferredIntervalScheduler SCHEDULES = new DeferredIntervalScheduler();
    private static final CompletableFuture<Sandbox> STARTED = new CompletableFuture<>();

    @Inject
    Scheduler scheduler;

    @Inject
    SandboxReadinessChecks readiness;

    public static void main(String... args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(SandboxOptions.USAGE);
            return;
        }
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.println(SandboxOptions.USAGE);
            System.exit(2);
            return;
        }
        // runtime configuration is read when the application starts, so the port option is set before that; a free
        // port is chosen here, not by Quarkus, so the command can print it
        int healthPort = options.ports().health() == 0 ? LocalServerProcess.freePort() : options.ports().health();
        System.setProperty(HTTP_PORT, Integer.toString(healthPort));
        Thread.ofPlatform().name("sandbox-start").start(() -> {
            try {
                STARTED.complete(Sandbox.start(options, SCHEDULES));
            } catch (RuntimeException | Error e) {
                STARTED.completeExceptionally(e);
            }
        });
        // a hook of its own: Quarkus's shutdown hook does not wait for the application to return, the JVM waits for
        // every hook before it exits
        Runtime.getRuntime().addShutdownHook(new Thread(SandboxCommand::stop, "sandbox-stop"));
        Quarkus.run(SandboxCommand.class, args);
    }

    @Override
    public int run(String... args) {
        SCHEDULES.handOverTo(new QuarkusIntervalScheduler(scheduler));
        Sandbox sandbox;
        try {
            sandbox = STARTED.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        readiness.serve(sandbox);
        sandbox.printUrls(System.out);
        System.out.printf("  %-17s http://127.0.0.1:%s/q/health/ready%n", "readiness", System.getProperty(HTTP_PORT));
        sandbox.onSyncLine(System.out::println);
        System.out.printf("sandbox ready in %.1f s (Ctrl-C stops it)%n",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        Quarkus.waitForExit();
        readiness.stopping();
        return 0;
    }

    private static void stop() {
        Sandbox sandbox;
        try {
            sandbox = STARTED.join(); // a start under way finishes first, so nothing it started is left running
        } catch (CompletionException failedAndAlreadyStopped) {
            return;
        }
        System.out.println("sandbox stopping...");
        sandbox.close();
        System.out.println("sandbox stopped");
    }
}
