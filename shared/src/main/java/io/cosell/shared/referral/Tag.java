package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * An industry, product or service tag, e.g. {@code {"id":"Azure"}}.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tag(String id,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Tag {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
