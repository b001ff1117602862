package io.cosell.shared.state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a beat every period until it is stopped: what keeps a held lease renewed while its work runs. */
public interface Heartbeats {

    /** Starts beating {@code beat} every {@code period}, the first beat one period from now. */
    Beating every(Duration period, Runnable beat);

    /** A heartbeat that is running; {@link #stop()} ends it and is idempotent. */
    interface Beating {
        void stop();
    }

    /**
     * Times the beats on one daemon thread, so a function's invocations never wait on it and it never keeps a JVM
     * alive, and runs each beat on a virtual thread of its own: the records of a batch hold several leases at once,
     * and one slow renewal must not hold up the others past their lease's end. A lease whose last beat is still
     * running skips its turn.
     */
    static Heartbeats onDaemonThread() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lease-heartbeat").factory());
        Thread.Builder beats = Thread.ofVirtual().name("lease-renewal-", 1);
        return (period, beat) -> {
            AtomicBoolean running = new AtomicBoolean();
            Runnable tick = () -> {
                if (running.compareAndSet(false, true)) {
                    beats.start(() -> {
                        try {
                            beat.run();
                        } finally {
                            running.set(false);
                        }
                    });
                }
            };
            ScheduledFuture<?> beating = scheduler.scheduleWithFixedDelay(tick, period.toMillis(), period.toMillis(),
                    TimeUnit.MILLISECONDS);
            return () -> beating.cancel(false);
        };
    }
}
