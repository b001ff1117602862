package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A schedule targeting a function, every interval: either an EventBridge rule ({@code rate(...)}), which invokes it
 * with a {@code Scheduled Event} ({@code source aws.events}, {@code time} in whole seconds, the rule's ARN in
 * {@code resources}, empty {@code detail}), or an EventBridge Scheduler schedule, which invokes it with the fixed
 * input its target names (e.g. {@code {"source":"schedule"}}). The first invocation goes out one interval after
 * start. Ticks do not wait for the previous invocation (both invoke asynchronously). What ticks is an
 * {@link IntervalScheduler}.
 */
public final class ScheduleTrigger implements AutoCloseable {

    private static final ObjectMapper JSON = LocalJson.MAPPER;

    private final FunctionInvoker function;
    private final String name;
    private final Supplier<String> payload;
    private volatile AutoCloseable job = () -> { };

    private ScheduleTrigger(FunctionInvoker function, String name, Supplier<String> payload) {
        this.function = function;
        this.name = name;
        this.payload = payload;
    }

    /** An EventBridge rule: each tick sends a {@code Scheduled Event} for this rule and region. */
    public static ScheduleTrigger start(FunctionInvoker function, String ruleName, Duration interval, String region) {
        return start(function, ruleName, interval, region, IntervalScheduler.executor());
    }

    /** An EventBridge rule, ticked by {@code scheduler}. */
    public static ScheduleTrigger start(FunctionInvoker function, String ruleName, Duration interval, String region,
                                        IntervalScheduler scheduler) {
        return start(new ScheduleTrigger(function, ruleName, () -> event(ruleName, region, Instant.now()).toString()),
                interval, scheduler);
    }

    /** An EventBridge Scheduler schedule: each tick sends the same fixed input. */
    public static ScheduleTrigger withInput(FunctionInvoker function, String scheduleName, Duration interval,
                                            String input) {
        return start(new ScheduleTrigger(function, scheduleName, () -> input), interval, IntervalScheduler.executor());
    }

    private static ScheduleTrigger start(ScheduleTrigger trigger, Duration interval, IntervalScheduler scheduler) {
        trigger.job = scheduler.every(trigger.name, interval, trigger::fire);
        return trigger;
    }

    private void fire() {
        function.invoke(payload.get().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode event(String ruleName, String region, Instant now) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", "000000000000")
                .put("time", now.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        event.putArray("resources").add("arn:aws:events:" + region + ":000000000000:rule/" + ruleName);
        event.putObject("detail");
        return event;
    }

    @Override
    public void close() {
        try {
            job.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not unschedule " + name, e);
        }
    }
}
