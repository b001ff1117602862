package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Whom a referral is for; {@code type} is {@code None}, {@code BusinessProfileLocation} or {@code SolutionProfile}.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferralTarget(String type, String id,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public ReferralTarget {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
