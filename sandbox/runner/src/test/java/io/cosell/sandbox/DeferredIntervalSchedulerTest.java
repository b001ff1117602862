package io.cosell.sandbox;

import io.cosell.sandbox.lambda.IntervalScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DeferredIntervalSchedulerTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final IntervalScheduler target = (name, interval, task) -> {
        calls.add("every " + name + " " + interval);
        task.run();
        return () -> calls.add("unschedule " + name);
    };

    @Test
    void aJobTakenBeforeTheHandOverIsScheduledThenAndUnscheduledOnClose() throws Exception {
        // given
        DeferredIntervalScheduler deferred = new DeferredIntervalScheduler();
        AutoCloseable job = deferred.every("cosell-crm-poll", Duration.ofSeconds(5), runs::incrementAndGet);
        int callsBeforeHandOver = calls.size();

        // when
        deferred.handOverTo(target);
        job.close();

        // then
        assertThat(callsBeforeHandOver).isZero();
        assertThat(calls).containsExactly("every cosell-crm-poll PT5S", "unschedule cosell-crm-poll");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aJobClosedBeforeTheHandOverIsNeverScheduled() throws Exception {
        // given
        DeferredIntervalScheduler deferred = new DeferredIntervalScheduler();
        AutoCloseable job = deferred.every("cosell-crm-poll", Duration.ofSeconds(5), runs::incrementAndGet);

        // when
        job.close();
        deferred.handOverTo(target);

        // then
        assertThat(calls).isEmpty();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aJobTakenAfterTheHandOverIsScheduledAtOnce() {
        // given
        DeferredIntervalScheduler deferred = new DeferredIntervalScheduler();
        deferred.handOverTo(target);

        // when
        deferred.every("cosell-crm-poll", Duration.ofMinutes(1), runs::incrementAndGet);

        // then
        assertThat(calls).containsExactly("every cosell-crm-poll PT1M");
    }
}
