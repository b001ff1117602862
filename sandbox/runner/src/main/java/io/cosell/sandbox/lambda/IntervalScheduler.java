package io.cosell.sandbox.lambda;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task at a fixed interval, the first run one interval after it is scheduled. The sandbox command uses the
 * Quarkus scheduler; a sandbox started in-process (tests) has no Quarkus application, so it uses {@link #executor()}.
 */
@FunctionalInterface
public interface IntervalScheduler {

    /** Schedules {@code task} under {@code name}; closing the result unschedules it. */
    AutoCloseable every(String name, Duration interval, Runnable task);

    /** A scheduler on a daemon thread of its own per job. */
    static IntervalScheduler executor() {
        return (name, interval, task) -> {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("schedule-" + name).factory());
            executor.scheduleAtFixedRate(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            return executor::shutdownNow;
        };
    }
}
