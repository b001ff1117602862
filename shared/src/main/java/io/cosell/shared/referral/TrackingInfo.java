package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Ids in Microsoft's systems; {@code microsoftMsxId} is Microsoft's CRM (MSX) id of the deal.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackingInfo(String microsoftMsxId, String microsoftUSFedOpportunityId, String microsoftUSFedLeadId,
        String migratedPSCDealId, String migratedPSCPartnerDealId,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public TrackingInfo {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
