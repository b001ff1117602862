package io.cosell.sandbox;

import io.cosell.sandbox.lambda.IntervalScheduler;
import io.quarkus.scheduler.Scheduler;

import java.time.Duration;

/** Schedules sandbox jobs on the Quarkus scheduler (programmatic jobs, so the interval stays a sandbox option). */
record QuarkusIntervalScheduler(Scheduler scheduler) implements IntervalScheduler {

    @Override
    public AutoCloseable every(String name, Duration interval, Runnable task) {
        scheduler.newJob(name)
                .setInterval(interval.toString())
                .setDelayed(interval.toString())
                .setTask(execution -> task.run())
                .schedule();
        return () -> scheduler.unscheduleJob(name);
    }
}
