package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * An organization by id and name (Microsoft is {@code msft}).
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Organization(String organizationId, String organizationName,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Organization {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
