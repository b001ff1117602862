package io.cosell.functions.reconciler;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * What a schedule sends the reconciler: an EventBridge rule's {@code Scheduled Event} (its {@code time} is the
 * scheduled time) or the fixed input of an EventBridge Scheduler target such as {@code {}} or
 * {@code {"source":"schedule"}}, which may carry no time. Other fields are ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledTrigger(Instant time) {
}
