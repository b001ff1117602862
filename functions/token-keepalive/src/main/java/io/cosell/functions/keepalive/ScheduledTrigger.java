package io.cosell.functions.keepalive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whatever a schedule sends; the keep-alive needs none of it. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledTrigger(String source) {
}
