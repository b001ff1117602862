package io.cosell.functions.poller;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What a schedule sends the poller, read from any JSON so that no shape can fail the tick: an EventBridge rule's
 * {@code Scheduled Event} and EventBridge Scheduler's default event (their {@code time} is the scheduled time), or
 * the explicit {@code Input} of a Scheduler target ({@code {}}, {@code {"source":"schedule"}},
 * {@code {"time":"<aws.scheduler.scheduled-time>"}} after substitution, even a JSON string). Only {@code time} is
 * read; when it is missing or not an ISO-8601 instant the poll runs as of now.
 */
@RegisterForReflection
public record ScheduledTrigger(Instant time) {

    private static final Logger LOG = Logger.getLogger(ScheduledTrigger.class);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ScheduledTrigger of(JsonNode event) {
        JsonNode time = event == null ? null : event.get("time");
        if (time == null || time.isNull()) {
            return new ScheduledTrigger(null);
        }
        if (time.isTextual()) {
            try {
                return new ScheduledTrigger(Instant.parse(time.asText()));
            } catch (DateTimeParseException notAnInstant) {
                // logged below
            }
        }
        LOG.warnf("the schedule's \"time\" %s is not an ISO-8601 instant: polling as of now", time);
        return new ScheduledTrigger(null);
    }
}
