package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * An id of the customer in another system; {@code profileType} is {@code Duns} or {@code External}.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileId(String profileType, String id,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public ProfileId {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
