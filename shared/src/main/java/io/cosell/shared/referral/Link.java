package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A link of a referral: a URI and the HTTP method to call it with.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(String uri, String method,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Link {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
