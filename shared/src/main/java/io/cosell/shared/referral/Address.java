package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A postal address; {@code country} is an ISO 3166 two-letter code.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Address(String addressLine1, String addressLine2, String city, String state, String postalCode,
        String country, String region,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Address {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
