package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * What the customer needs.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Requirements(List<Tag> industries, List<Tag> products, List<Tag> services, List<SolutionTag> solutions,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Requirements {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
