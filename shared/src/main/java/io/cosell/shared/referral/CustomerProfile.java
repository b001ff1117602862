package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The customer of a referral; {@code team} holds the customer's contacts.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerProfile(String name, Address address, String size, List<Member> team, List<ProfileId> ids,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public CustomerProfile {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
