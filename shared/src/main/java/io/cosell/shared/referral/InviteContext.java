package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Who invited the partner and why; {@code assistanceRequestCode} e.g. {@code CustomerTechnicalArchitecture}.
 * Fields the model does not name are kept in {@code otherFields} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InviteContext(String notes, String assistanceRequestCode, Organization invitedBy,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public InviteContext {
        otherFields = OtherFields.copyOf(otherFields);
    }
}
