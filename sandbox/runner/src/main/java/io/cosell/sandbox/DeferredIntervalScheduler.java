package io.cosell.sandbox;

import io.cosell.sandbox.lambda.IntervalScheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Takes jobs before the scheduler that runs them exists and hands them over once it does: the sandbox command starts
 * the sandbox's parts while Quarkus boots, so the Quarkus scheduler comes after the poller's schedule is asked for.
 */
final class DeferredIntervalScheduler implements IntervalScheduler {

    private final CompletableFuture<IntervalScheduler> target = new CompletableFuture<>();

    /** Schedules every job taken so far, and every later one, on {@code scheduler}. */
    void handOverTo(IntervalScheduler scheduler) {
        target.complete(scheduler);
    }

    @Override
    public AutoCloseable every(String name, Duration interval, Runnable task) {
        CompletableFuture<AutoCloseable> job = target.thenApply(scheduler -> scheduler.every(name, interval, task));
        return () -> {
            if (!job.cancel(false)) {
                job.join().close();
            }
        };
    }
}
