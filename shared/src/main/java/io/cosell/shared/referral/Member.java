package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A person on a referral team (the partner's sellers or the customer's contacts).
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Member(String firstName, String lastName, String phoneNumber, String email,
        ContactPreference contactPreference,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Member {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
