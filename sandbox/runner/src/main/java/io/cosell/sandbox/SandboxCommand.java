package io.cosell.sandbox;

import io.cosell.sandbox.process.LocalServerProcess;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.scheduler.Scheduler;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * {@code bin/sandbox}: starts the sandbox, prints each URL and {@code sandbox ready}, serves every part's readiness
 * at {@code /q/health/ready} on the health port, and stops everything on Ctrl-C or SIGTERM.
 */
@QuarkusMain
public class SandboxCommand implements QuarkusApplication {

    private static final String HTTP_PORT = "quarkus.http.port";

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
        Quarkus.run(SandboxCommand.class, args);
    }

    @Override
    public int run(String... args) {
        SandboxOptions options = SandboxOptions.parse(args);
        Sandbox sandbox = Sandbox.start(options, new QuarkusIntervalScheduler(scheduler));
        // a hook of its own: Quarkus's shutdown hook does not wait for this method to return, and the JVM waits for
        // every hook before it exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("sandbox stopping...");
            readiness.stopping();
            sandbox.close();
            System.out.println("sandbox stopped");
        }, "sandbox-stop"));
        readiness.serve(sandbox);
        sandbox.printUrls(System.out);
        System.out.printf("  %-17s http://127.0.0.1:%s/q/health/ready%n", "readiness", System.getProperty(HTTP_PORT));
        sandbox.onSyncLine(System.out::println);
        System.out.printf("sandbox ready in %.1f s (Ctrl-C stops it)%n",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        Quarkus.waitForExit();
        return 0;
    }
}
