package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * An EventBridge schedule rule ({@code rate(...)}) targeting a function: every interval, invokes it with a
 * {@code Scheduled Event} ({@code source aws.events}, {@code time} in whole seconds, the rule's ARN in
 * {@code resources}, empty {@code detail}). The first event goes out one interval after start. Ticks do not
 * wait for the previous invocation (EventBridge invokes asynchronously). What ticks is an {@link IntervalScheduler}.
 */
public final class ScheduleTrigger implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionInvoker function;
    private final String ruleName;
    private final String region;
    private volatile AutoCloseable job = () -> { };

    private ScheduleTrigger(FunctionInvoker function, String ruleName, String region) {
        this.function = function;
        this.ruleName = ruleName;
        this.region = region;
    }

    public static ScheduleTrigger start(FunctionInvoker function, String ruleName, Duration interval, String region) {
        return start(function, ruleName, interval, region, IntervalScheduler.executor());
    }

    public static ScheduleTrigger start(FunctionInvoker function, String ruleName, Duration interval, String region,
                                        IntervalScheduler scheduler) {
        ScheduleTrigger trigger = new ScheduleTrigger(function, ruleName, region);
        trigger.job = scheduler.every(ruleName, interval, trigger::fire);
        return trigger;
    }

    private void fire() {
        function.invoke(event(Instant.now()).toString().getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode event(Instant now) {
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
            throw new IllegalStateException("could not unschedule " + ruleName, e);
        }
    }
}
