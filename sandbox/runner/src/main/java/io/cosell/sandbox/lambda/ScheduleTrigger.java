package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An EventBridge schedule rule ({@code rate(...)}) targeting a function: every interval, invokes it with a
 * {@code Scheduled Event} ({@code source aws.events}, {@code time} in whole seconds, the rule's ARN in
 * {@code resources}, empty {@code detail}). The first event goes out one interval after start. Ticks do not
 * wait for the previous invocation (EventBridge invokes asynchronously).
 */
public final class ScheduleTrigger implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionInvoker function;
    private final String ruleName;
    private final String region;
    private final ScheduledExecutorService scheduler;

    private ScheduleTrigger(FunctionInvoker function, String ruleName, String region) {
        this.function = function;
        this.ruleName = ruleName;
        this.region = region;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("schedule-" + ruleName).factory());
    }

    public static ScheduleTrigger start(FunctionInvoker function, String ruleName, Duration interval, String region) {
        ScheduleTrigger trigger = new ScheduleTrigger(function, ruleName, region);
        trigger.scheduler.scheduleAtFixedRate(trigger::fire, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
        scheduler.shutdownNow();
    }
}
