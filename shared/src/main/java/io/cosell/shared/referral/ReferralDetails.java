package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The deal: value, currency (ISO 4217), target close date, notes and requirements.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferralDetails(String notes, BigDecimal dealValue, String currency, Instant closingDateTime,
        Requirements requirements, Boolean customerRequestedContact, String customerAction,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public ReferralDetails {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
