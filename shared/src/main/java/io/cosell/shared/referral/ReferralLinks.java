package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The read-only links of a referral (never send them back on PUT).
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferralLinks(Link relatedReferrals, Link self,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public ReferralLinks {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
