package io.cosell.functions.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Direct-invoke payload: {@code {"action":"resync","referralId":"…"}}, {@code {"action":"resync","opportunityId":"…"}},
 * {@code {"action":"replay-dlq"}} or {@code {"action":"replay-dlq","referralId":"…"}}.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdminRequest(String action, String referralId, String opportunityId) {
}
