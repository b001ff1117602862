package io.cosell.shared.referral;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Partner Center co-sell referral as the Referrals API sends it (camelCase JSON, fact sheet §1.4). Fields the
 * model does not name are kept in {@code otherFields} and written back unchanged, among them {@code partnerRole},
 * {@code solutionArea} and {@code solutionPlay}, whose placement and values the docs leave open. Nulls are left out
 * when writing. {@code eTag} is the raw value including its double quotes, to be sent as {@code If-Match} as it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Referral(
        String id,
        String engagementId,
        String name,
        String organizationId,
        String organizationName,
        String externalReferenceId,
        Instant createdDateTime,
        Instant updatedDateTime,
        Instant expirationDateTime,
        Instant acceptedDateTime,
        Instant closedDateTime,
        ReferralStatus status,
        ReferralSubstatus substatus,
        String statusReason,
        String qualification,
        String referralSource,
        String callToAction,
        String customerMarketplaceIntent,
        ReferralType type,
        ReferralDirection direction,
        String eTag,
        List<ReferralTarget> target,
        CustomerProfile customerProfile,
        Consent consent,
        ReferralDetails details,
        List<Member> team,
        InviteContext inviteContext,
        TrackingInfo trackingInfo,
        String salesStage,
        String campaignId,
        ReferralLinks links,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> otherFields) {

    public Referral {
        otherFields = OtherFields.copyOf(otherFields);
    }

    /** Closed with Won, Lost, Declined or Expired: Partner Center refuses any further edit. */
    @JsonIgnore
    public boolean isTerminal() {
        return ReferralStatus.CLOSED.equals(status) || (substatus != null && substatus.isTerminal());
    }
}
