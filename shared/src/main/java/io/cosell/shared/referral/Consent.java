package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The customer's consent. The doubled "To" in {@code consentToToShareInfoWithOthers} is the real JSON key.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Consent(Boolean consentToToShareInfoWithOthers, Boolean consentToContact,
        Boolean consentToShareReferralWithMicrosoftSellers,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Consent {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
