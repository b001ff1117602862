package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * How a team member wants to be contacted.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactPreference(String locale, Boolean disableNotifications,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public ContactPreference {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
