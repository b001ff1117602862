package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/** Builds new referral documents with the fields Partner Center sets itself (ids, timestamps, eTag, links). */
final class ReferralFactory {

    static final String MICROSOFT_ORGANIZATION_ID = "msft";
    static final String MICROSOFT_ORGANIZATION_NAME = "Microsoft";

    /** Unanswered referrals from Microsoft expire after 14 days (fact sheet §1.5). */
    private static final Duration INVITATION_LIFETIME = Duration.ofDays(14);

    private final PartnerCenterSettings settings;
    private final Supplier<URI> baseUri;

    ReferralFactory(PartnerCenterSettings settings, Supplier<URI> baseUri) {
        this.settings = settings;
        this.baseUri = baseUri;
    }

    /**
     * The partner's own referral from a POST body: Outgoing, Active/Accepted, accepted at creation; as in the
     * documented create response, {@code externalReferenceId} and {@code expirationDateTime} are null unless sent.
     */
    ObjectNode outgoing(ObjectNode body, String now) {
        ObjectNode fields = body.deepCopy();
        fields.remove("id");
        ObjectNode referral = withIds(fields);
        referral.put("organizationId", settings.organizationId());
        referral.put("organizationName", settings.organizationName());
        referral.put("status", ReferralLifecycle.ACTIVE);
        referral.put("substatus", "Accepted");
        referral.put("direction", "Outgoing");
        referral.put("acceptedDateTime", now);
        referral.putNull("closedDateTime");
        for (String documented : new String[] {"externalReferenceId", "expirationDateTime"}) {
            if (!referral.has(documented)) {
                referral.putNull(documented);
            }
        }
        return stamp(referral, now);
    }

    /**
     * Microsoft's side of a shared engagement: same engagementId and deal data, owned by {@code msft}, Incoming from
     * Microsoft's point of view and not yet answered by a Microsoft seller.
     */
    ObjectNode microsoftSideOf(ObjectNode partnerReferral, String now) {
        ObjectNode referral = Json.object();
        referral.put("id", UUID.randomUUID().toString());
        referral.put("engagementId", partnerReferral.path("engagementId").asText());
        referral.set("name", partnerReferral.path("name").deepCopy());
        referral.put("organizationId", MICROSOFT_ORGANIZATION_ID);
        referral.put("organizationName", MICROSOFT_ORGANIZATION_NAME);
        referral.put("type", "Shared");
        referral.put("direction", "Incoming");
        referral.put("status", ReferralLifecycle.NEW);
        referral.put("substatus", "Received");
        referral.putArray("target").addObject().put("type", "BusinessProfileLocation").put("id", MICROSOFT_ORGANIZATION_ID);
        for (String shared : new String[] {"customerProfile", "consent", "details"}) {
            referral.set(shared, partnerReferral.path(shared).deepCopy());
        }
        ObjectNode invitedBy = referral.putObject("inviteContext").putObject("invitedBy");
        invitedBy.put("organizationId", settings.organizationId());
        invitedBy.put("organizationName", settings.organizationName());
        referral.putObject("trackingInfo").putNull("microsoftMsxId");
        return stamp(referral, now);
    }

    /** A referral a Microsoft seller shares with the partner: realistic defaults, overridden by {@code fields}. */
    ObjectNode incomingFromMicrosoft(ObjectNode fields, String now) {
        ObjectNode referral = microsoftInvitation(now);
        merge(referral, fields);
        if (ReferralLifecycle.ACTIVE.equals(referral.path("status").asText())
                && !referral.path("acceptedDateTime").isTextual()) {
            referral.put("acceptedDateTime", now);
        }
        return stamp(withIds(referral), now);
    }

    private ObjectNode microsoftInvitation(String now) {
        ObjectNode referral = Json.object();
        referral.put("name", "Fabrikam - Azure migration (co-sell)");
        referral.put("organizationId", settings.organizationId());
        referral.put("organizationName", settings.organizationName());
        referral.put("type", "Shared");
        referral.put("qualification", "SalesQualified");
        referral.put("direction", "Incoming");
        referral.put("status", ReferralLifecycle.NEW);
        referral.put("substatus", "Received");
        referral.putNull("statusReason");
        referral.put("expirationDateTime", ReferralStore.format(Instant.parse(now).plus(INVITATION_LIFETIME)));
        referral.putNull("acceptedDateTime");
        referral.putNull("closedDateTime");
        referral.putArray("target").addObject().put("type", "SolutionProfile").put("id", "SOL-0000001-SBX");

        ObjectNode customer = referral.putObject("customerProfile");
        customer.put("name", "Fabrikam Inc.");
        customer.put("size", "51to250employees");
        ObjectNode address = customer.putObject("address");
        address.put("addressLine1", "1 Main Street");
        address.put("city", "Redmond");
        address.put("state", "WA");
        address.put("postalCode", "98052");
        address.put("country", "US");
        member(customer.putArray("team").addObject(), "Jordan", "Customer", "jordan@fabrikam.example", "+14255550100");

        ObjectNode consent = referral.putObject("consent");
        consent.put("consentToToShareInfoWithOthers", true);
        consent.put("consentToContact", true);
        consent.put("consentToShareReferralWithMicrosoftSellers", true);

        ObjectNode details = referral.putObject("details");
        details.put("notes", "Customer plans to migrate 40 VMs to Azure this year and asked for a partner.");
        details.put("dealValue", 50000);
        details.put("currency", "USD");
        details.put("closingDateTime", ReferralStore.format(Instant.parse(now).plus(Duration.ofDays(90))));
        ObjectNode requirements = details.putObject("requirements");
        requirements.putArray("industries").addObject().put("id", "Manufacturing");
        requirements.putArray("products").addObject().put("id", "Azure");
        requirements.putArray("services").addObject().put("id", "DeploymentOrMigration");
        requirements.putArray("solutions").addObject()
                .put("id", "SOL-0000001-SBX").put("name", "Sandbox Cloud Migration Accelerator").put("type", "Name");

        member(referral.putArray("team").addObject(), "Morgan", "Seller", "morgan.seller@microsoft.example",
                "+14255550101");
        ObjectNode invite = referral.putObject("inviteContext");
        invite.put("notes", "Please help the customer plan the migration.");
        invite.put("assistanceRequestCode", "CustomerTechnicalArchitecture");
        invite.putObject("invitedBy")
                .put("organizationId", MICROSOFT_ORGANIZATION_ID)
                .put("organizationName", MICROSOFT_ORGANIZATION_NAME);
        referral.putObject("trackingInfo").putNull("microsoftMsxId");
        return referral;
    }

    private static void member(ObjectNode member, String first, String last, String email, String phone) {
        member.put("firstName", first);
        member.put("lastName", last);
        member.put("phoneNumber", phone);
        member.put("email", email);
        member.putObject("contactPreference").put("locale", "en-us").put("disableNotifications", false);
    }

    /** id and engagementId first (kept when given), then the given fields. */
    private static ObjectNode withIds(ObjectNode body) {
        ObjectNode referral = Json.object();
        referral.put("id", textOr(body, "id", UUID.randomUUID().toString()));
        referral.put("engagementId", textOr(body, "engagementId", UUID.randomUUID().toString()));
        body.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("id") && !field.getKey().equals("engagementId")) {
                referral.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return referral;
    }

    private ObjectNode stamp(ObjectNode referral, String now) {
        referral.put("createdDateTime", now);
        referral.put("updatedDateTime", now);
        referral.put("eTag", ReferralStore.newETag());
        ObjectNode links = referral.putObject("links");
        String base = baseUri.get() + "/v1.0/engagements/referrals";
        String filter = "engagementId eq '" + referral.path("engagementId").asText() + "'";
        links.putObject("relatedReferrals")
                .put("uri", base + "?$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"))
                .put("method", "GET");
        links.putObject("self").put("uri", base + "/" + referral.path("id").asText()).put("method", "GET");
        return referral;
    }

    /** JSON merge patch (RFC 7396): objects merge recursively, null removes, anything else replaces. */
    static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing instanceof ObjectNode existingObject) {
                merge(existingObject, value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    private static String textOr(JsonNode body, String field, String fallback) {
        JsonNode value = body.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : fallback;
    }
}
