package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A solution; {@code type} is {@code None}, {@code Category} or {@code Name} (a catalogue id such as SOL-...).
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SolutionTag(String id, String name, String type,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public SolutionTag {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
