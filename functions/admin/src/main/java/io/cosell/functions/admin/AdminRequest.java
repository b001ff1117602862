package io.cosell.functions.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Direct-invoke payload: {@code {"action":"resync","referralId":"…"}}, {@code {"action":"resync","opportunityId":"…"}},
 * {@code {"action":"replay-dlq"}}, {@code {"action":"replay-dlq","referralId":"…"}} or {@code {"action":"doctor"}}
 * (the checks of {@code bin/cosell doctor}, answered as {@code {"ok":…,"checks":[{"name","ok","detail","fix"}]}}).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdminRequest(String action, String referralId, String opportunityId) {
}
