package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.cosell.emulator.partnercenter.ApiCaller.encode;
import static io.cosell.emulator.partnercenter.ApiCaller.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The Referrals API of the Partner Center emulator, driven over HTTP with Entra emulator tokens. */
class PartnerCenterReferralsIT {

    private static final String REFERRALS = "/v1.0/engagements/referrals";

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static ApiCaller api;
    private static String token;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        api = new ApiCaller(partnerCenter.baseUri(), entra);
        token = api.referralsToken();
    }

    @AfterAll
    static void stop() {
        partnerCenter.close();
        entra.close();
    }

    // ---- create and read

    @Test
    void createSetsServerFieldsAndAnswers201WithTheReferral() {
        // given
        ObjectNode body = newReferral("Contoso - Dynamics 365 rollout", "Independent");

        // when
        HttpResponse<String> response = api.call("POST", REFERRALS, token, body.toString());

        // then
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = json(response);
        assertThat(created.path("id").asText()).hasSize(36);
        assertThat(created.path("engagementId").asText()).hasSize(36);
        assertThat(created.path("organizationId").asText()).isEqualTo(PartnerCenterSettings.SANDBOX_ORGANIZATION_ID);
        assertThat(created.path("organizationName").asText()).isNotBlank();
        assertThat(created.path("status").asText()).isEqualTo("Active");
        assertThat(created.path("substatus").asText()).isEqualTo("Accepted");
        assertThat(created.path("direction").asText()).isEqualTo("Outgoing");
        assertThat(created.path("createdDateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
        assertThat(created.path("acceptedDateTime").asText()).isEqualTo(created.path("createdDateTime").asText());
        assertThat(created.path("updatedDateTime").asText()).isEqualTo(created.path("createdDateTime").asText());
        assertThat(created.path("eTag").asText()).startsWith("\"").endsWith("\"").hasSize(38);
        assertThat(response.headers().firstValue("ETag")).contains(created.path("eTag").asText());
        String id = created.path("id").asText();
        assertThat(created.path("links").path("self").path("uri").asText())
                .isEqualTo(partnerCenter.baseUri() + REFERRALS + "/" + id);
        assertThat(created.path("links").path("self").path("method").asText()).isEqualTo("GET");
        assertThat(created.path("links").path("relatedReferrals").path("uri").asText())
                .contains("$filter=engagementId%20eq%20%27" + created.path("engagementId").asText());
        assertThat(created.path("name").asText()).isEqualTo("Contoso - Dynamics 365 rollout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "customerProfile", "consent", "details"})
    void createWithoutARequiredFieldIs400NamingIt(String field) {
        // given
        ObjectNode body = newReferral("missing " + field, "Independent");
        body.remove(field);

        // when
        HttpResponse<String> response = api.call("POST", REFERRALS, token, body.toString());

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("invalidRequest");
        assertThat(json(response).path("error").path("message").asText()).contains("'" + field + "'");
    }

    @Test
    void createWithAnUnknownTypeIs400() {
        HttpResponse<String> response = api.call("POST", REFERRALS, token, newReferral("x", "Private").toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains("Independent or Shared");
    }

    @Test
    void unknownFieldsAreKeptAndReturned() {
        // given
        ObjectNode body = newReferral("unknown fields", "Independent");
        body.put("solutionPlay", "Migrate and modernize");
        body.withObject("/details").put("incentiveLevel", "Gold");
        body.withObject("/customerProfile").put("isMatchingComplete", true);

        // when
        String id = create(body).path("id").asText();
        JsonNode read = json(api.call("GET", REFERRALS + "/" + id, token, null));

        // then
        assertThat(read.path("solutionPlay").asText()).isEqualTo("Migrate and modernize");
        assertThat(read.path("details").path("incentiveLevel").asText()).isEqualTo("Gold");
        assertThat(read.path("customerProfile").path("isMatchingComplete").asBoolean()).isTrue();
    }

    @Test
    void getByIdAnswersTheReferralWithAnETagHeader() {
        JsonNode created = create(newReferral("get", "Independent"));

        HttpResponse<String> response = api.call("GET", REFERRALS + "/" + created.path("id").asText(), token, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(created);
        assertThat(response.headers().firstValue("ETag")).contains(created.path("eTag").asText());
    }

    @Test
    void getOfAnUnknownIdIs404ItemNotFound() {
        HttpResponse<String> response = api.call("GET", REFERRALS + "/" + UUID.randomUUID(), token, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("itemNotFound");
    }

    @Test
    void aSharedReferralVisibleToMicrosoftSellersGetsARelatedMicrosoftReferral() {
        // given
        ObjectNode body = newReferral("co-sell", "Shared");
        body.withObject("/consent").put("consentToShareReferralWithMicrosoftSellers", true);

        // when
        JsonNode created = create(body);
        String engagementId = created.path("engagementId").asText();
        JsonNode related = json(api.call("GET", REFERRALS + "?$filter="
                + encode("engagementId eq '" + engagementId + "'"), token, null)).path("value");

        // then
        assertThat(related).hasSize(2);
        JsonNode microsoftSide = related.get(0).path("id").equals(created.path("id")) ? related.get(1) : related.get(0);
        assertThat(microsoftSide.path("organizationId").asText()).isEqualTo("msft");
        assertThat(microsoftSide.path("direction").asText()).isEqualTo("Incoming");
        assertThat(microsoftSide.path("engagementId").asText()).isEqualTo(engagementId);
    }

    @Test
    void aPrivateSharedReferralGetsNoMicrosoftReferral() {
        ObjectNode body = newReferral("private", "Shared");
        body.withObject("/consent").put("consentToShareReferralWithMicrosoftSellers", false);

        String engagementId = create(body).path("engagementId").asText();

        assertThat(json(api.call("GET", REFERRALS + "?$filter=" + encode("engagementId eq '" + engagementId + "'"),
                token, null)).path("value")).hasSize(1);
    }

    @Test
    void theMicrosoftSideOfAnEngagementCannotBeChangedByThePartner() {
        ObjectNode body = newReferral("co-sell 2", "Shared");
        body.withObject("/consent").put("consentToShareReferralWithMicrosoftSellers", true);
        String engagementId = create(body).path("engagementId").asText();
        String microsoftId = list("engagementId eq '" + engagementId + "' and direction eq 'Incoming'")
                .getFirst().path("id").asText();

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + microsoftId, token,
                "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"}]");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("accessDenied");
    }

    // ---- list: filter, orderby, top, paging

    @Test
    void filtersOnStatusDirectionTypeWithAndOrAndParentheses() {
        // given
        String engagementId = UUID.randomUUID().toString();
        create(withEngagement(newReferral("independent", "Independent"), engagementId));
        create(withEngagement(newReferral("shared", "Shared"), engagementId));
        createAsMicrosoft(Json.object().put("engagementId", engagementId));

        // when
        List<JsonNode> sharedIncoming = list("engagementId eq '" + engagementId
                + "' and (type eq 'Shared' and direction eq 'Incoming')");
        List<JsonNode> newOrIndependent = list("engagementId eq '" + engagementId
                + "' and (status eq 'New' or type eq 'Independent')");
        List<JsonNode> activeOutgoing = list("engagementId eq '" + engagementId
                + "' and status eq 'Active' and substatus eq 'Accepted' and direction eq 'Outgoing'");

        // then
        assertThat(sharedIncoming).extracting(r -> r.path("substatus").asText()).containsExactly("Received");
        assertThat(newOrIndependent).extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrder("independent", "Fabrikam - Azure migration (co-sell)");
        assertThat(activeOutgoing).extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrder("independent", "shared");
    }

    @Test
    void filtersOnUpdatedDateTimeGeQuotedOrNot() {
        // given
        String engagementId = UUID.randomUUID().toString();
        JsonNode older = create(withEngagement(newReferral("older", "Independent"), engagementId));
        JsonNode newer = create(withEngagement(newReferral("newer", "Independent"), engagementId));
        String since = newer.path("updatedDateTime").asText();

        // when
        List<JsonNode> unquoted = list("engagementId eq '" + engagementId + "' and updatedDateTime ge " + since);
        List<JsonNode> quoted = list("engagementId eq '" + engagementId + "' and updatedDateTime ge '" + since + "'");

        // then
        assertThat(unquoted).extracting(r -> r.path("id").asText()).containsExactly(newer.path("id").asText());
        assertThat(quoted).extracting(r -> r.path("id").asText()).containsExactly(newer.path("id").asText());
        assertThat(older.path("updatedDateTime").asText()).isLessThan(since);
    }

    @ParameterizedTest
    @ValueSource(strings = {"customerProfile/name eq 'x'", "status eq", "status lt 'New'", "(status eq 'New'",
            "updatedDateTime ge yesterday", "team/any(t:t/email eq 'a@b.c')"})
    void anUnsupportedFilterIs400(String filter) {
        HttpResponse<String> response = api.call("GET", REFERRALS + "?$filter=" + encode(filter), token, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("invalidRequest");
    }

    @Test
    void ordersByCreatedOrUpdatedDateTime() {
        // given
        String engagementId = UUID.randomUUID().toString();
        String first = create(withEngagement(newReferral("first", "Independent"), engagementId)).path("id").asText();
        String second = create(withEngagement(newReferral("second", "Independent"), engagementId)).path("id").asText();
        patch(first, "[{\"op\":\"replace\",\"path\":\"/details/notes\",\"value\":\"touched\"}]");
        String filter = "&$filter=" + encode("engagementId eq '" + engagementId + "'");

        // when
        JsonNode createdDesc = json(api.call("GET", REFERRALS + "?$orderby=" + encode("createdDateTime desc") + filter,
                token, null));
        JsonNode updatedAsc = json(api.call("GET", REFERRALS + "?$orderby=updatedDateTime" + filter, token, null));

        // then
        assertThat(createdDesc.path("value")).extracting(r -> r.path("id").asText()).containsExactly(second, first);
        assertThat(updatedAsc.path("value")).extracting(r -> r.path("id").asText()).containsExactly(second, first);
    }

    @Test
    void anUnsupportedOrderByOrQueryOptionIs400() {
        assertThat(api.call("GET", REFERRALS + "?$orderby=name", token, null).statusCode()).isEqualTo(400);
        assertThat(api.call("GET", REFERRALS + "?$skip=5", token, null).statusCode()).isEqualTo(400);
    }

    @Test
    void pagesOf100FollowingNextLinkAsGiven() {
        // given
        String engagementId = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add(create(withEngagement(newReferral("bulk " + i, "Independent"), engagementId)).path("id").asText());
        }

        // when
        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String next = REFERRALS + "?$filter=" + encode("engagementId eq '" + engagementId + "'")
                + "&$orderby=" + encode("createdDateTime asc");
        JsonNode page = null;
        while (next != null) {
            page = json(api.call("GET", next, token, null));
            pageSizes.add(page.path("value").size());
            page.path("value").forEach(r -> seen.add(r.path("id").asText()));
            next = page.path("@odata.nextLink").isTextual() ? page.path("@odata.nextLink").asText() : null;
        }

        // then
        assertThat(pageSizes).containsExactly(100, 100, 50);
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(page.path("@odata.count").asInt()).isEqualTo(250);
        assertThat(page.path("@odata.context").asText()).isNotBlank();
    }

    @Test
    void topLimitsTheResult() {
        String engagementId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            create(withEngagement(newReferral("top " + i, "Independent"), engagementId));
        }

        JsonNode page = json(api.call("GET", REFERRALS + "?$top=2&$filter="
                + encode("engagementId eq '" + engagementId + "'"), token, null));

        assertThat(page.path("value")).hasSize(2);
        assertThat(page.has("@odata.nextLink")).isFalse();
    }

    // ---- PATCH

    @Test
    void patchReplacesNestedFieldsAndAppendsToArrays() {
        // given
        String id = create(newReferral("patch me", "Independent")).path("id").asText();

        // when
        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token, """
                [{"op":"replace","path":"/details/dealValue","value":120000},
                 {"op":"replace","path":"/details/closingDateTime","value":"2026-06-30T00:00:00Z"},
                 {"op":"add","path":"/team/-","value":{"firstName":"Kim","lastName":"Added","email":"kim@partner.example"}},
                 {"op":"add","path":"/externalReferenceId","value":"crm-123"}]""",
                "Prefer", "return=representation");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode updated = json(response);
        assertThat(updated.path("details").path("dealValue").asInt()).isEqualTo(120000);
        assertThat(updated.path("details").path("closingDateTime").asText()).isEqualTo("2026-06-30T00:00:00Z");
        assertThat(updated.path("team")).hasSize(2);
        assertThat(updated.path("team").get(1).path("firstName").asText()).isEqualTo("Kim");
        assertThat(updated.path("externalReferenceId").asText()).isEqualTo("crm-123");
        assertThat(json(api.call("GET", REFERRALS + "/" + id, token, null))).isEqualTo(updated);
    }

    @Test
    void patchWithoutPreferAnswers204WithTheNewETag() {
        String id = create(newReferral("no prefer", "Independent")).path("id").asText();

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token,
                "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        JsonNode read = json(api.call("GET", REFERRALS + "/" + id, token, null));
        assertThat(read.path("name").asText()).isEqualTo("renamed");
        assertThat(response.headers().firstValue("ETag")).contains(read.path("eTag").asText());
    }

    @Test
    void everyChangeGetsANewETagAndALaterUpdatedDateTime() {
        // given
        JsonNode created = create(newReferral("versions", "Independent"));
        String id = created.path("id").asText();

        // when
        JsonNode first = patch(id, "[{\"op\":\"replace\",\"path\":\"/details/notes\",\"value\":\"a\"}]");
        JsonNode second = patch(id, "[{\"op\":\"replace\",\"path\":\"/details/notes\",\"value\":\"b\"}]");

        // then
        assertThat(List.of(created, first, second)).extracting(r -> r.path("eTag").asText()).doesNotHaveDuplicates();
        Instant t0 = Instant.parse(created.path("updatedDateTime").asText());
        Instant t1 = Instant.parse(first.path("updatedDateTime").asText());
        Instant t2 = Instant.parse(second.path("updatedDateTime").asText());
        assertThat(t1).isAfter(t0);
        assertThat(t2).isAfter(t1);
        assertThat(second.path("createdDateTime")).isEqualTo(created.path("createdDateTime"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"remove", "move", "copy", "test"})
    void patchOperationsOtherThanReplaceAndAddAre400(String op) {
        String id = create(newReferral("ops", "Independent")).path("id").asText();

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token,
                "[{\"op\":\"" + op + "\",\"path\":\"/details/notes\",\"from\":\"/name\",\"value\":\"x\"}]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains("'replace' and 'add'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/id", "/eTag", "/engagementId", "/createdDateTime", "/links/self/uri", "/direction",
            "/organizationId"})
    void patchingAReadOnlyPathIs400(String path) {
        String id = create(newReferral("read-only", "Independent")).path("id").asText();

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token,
                "[{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":\"x\"}]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains("read-only");
    }

    @Test
    void patchIntoAMissingParentIs400() {
        String id = create(newReferral("missing parent", "Independent")).path("id").asText();

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token,
                "[{\"op\":\"replace\",\"path\":\"/nothing/here\",\"value\":1}]");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void patchWithTheCurrentETagSucceeds() {
        JsonNode created = create(newReferral("if-match ok", "Independent"));

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + created.path("id").asText(), token,
                "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"ok\"}]",
                "If-Match", created.path("eTag").asText(), "Prefer", "return=representation");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void patchWithAStaleETagIs412WithTheDocumentedBody() {
        // given
        JsonNode created = create(newReferral("stale", "Independent"));
        String id = created.path("id").asText();
        patch(id, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"changed meanwhile\"}]");

        // when
        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token,
                "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"mine\"}]", "If-Match", created.path("eTag").asText());

        // then
        assertThat(response.statusCode()).isEqualTo(412);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("preconditionFailed");
        assertThat(error.path("message").asText()).endsWith("Etag value did not Match");
        assertThat(error.path("target").asText()).isEqualTo("ETag");
        assertThat(error.path("innerError").path("code").asText()).isEqualTo("99918");
        assertThat(error.path("innerError").path("message").asText()).isNotBlank();
        assertThat(json(api.call("GET", REFERRALS + "/" + id, token, null)).path("name").asText())
                .isEqualTo("changed meanwhile");
    }

    // ---- PUT

    @Test
    void putReplacesTheReferralWhenIfMatchIsCurrent() {
        // given
        JsonNode created = create(newReferral("put", "Independent"));
        ObjectNode whole = created.deepCopy();
        whole.remove("links");
        whole.put("name", "put again");
        whole.put("externalReferenceId", "lead-9");

        // when
        HttpResponse<String> response = api.call("PUT", REFERRALS + "/" + created.path("id").asText(), token,
                whole.toString(), "If-Match", created.path("eTag").asText());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode updated = json(response);
        assertThat(updated.path("name").asText()).isEqualTo("put again");
        assertThat(updated.path("externalReferenceId").asText()).isEqualTo("lead-9");
        assertThat(updated.path("links")).isEqualTo(created.path("links"));
        assertThat(updated.path("eTag")).isNotEqualTo(created.path("eTag"));
    }

    @Test
    void putWithoutIfMatchIs400() {
        JsonNode created = create(newReferral("put no if-match", "Independent"));
        ObjectNode whole = created.deepCopy();
        whole.remove("links");

        HttpResponse<String> response = api.call("PUT", REFERRALS + "/" + created.path("id").asText(), token,
                whole.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains("If-Match");
    }

    @Test
    void putWithLinksIs400() {
        JsonNode created = create(newReferral("put links", "Independent"));

        HttpResponse<String> response = api.call("PUT", REFERRALS + "/" + created.path("id").asText(), token,
                created.toString(), "If-Match", created.path("eTag").asText());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains("links");
    }

    @Test
    void putWithAStaleETagIs412() {
        JsonNode created = create(newReferral("put stale", "Independent"));
        String id = created.path("id").asText();
        patch(id, "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"meanwhile\"}]");
        ObjectNode whole = created.deepCopy();
        whole.remove("links");

        HttpResponse<String> response = api.call("PUT", REFERRALS + "/" + id, token, whole.toString(),
                "If-Match", created.path("eTag").asText());

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(json(response).path("error").path("innerError").path("code").asText()).isEqualTo("99918");
    }

    // ---- status transitions

    @Test
    void acceptingANewReferralMovesItToActiveAndStampsAcceptedDateTime() {
        String id = createAsMicrosoft(Json.object()).path("id").asText();

        JsonNode accepted = patch(id, statusPatch("Active", "Accepted"));

        assertThat(accepted.path("status").asText()).isEqualTo("Active");
        assertThat(accepted.path("acceptedDateTime").asText()).isEqualTo(accepted.path("updatedDateTime").asText());
    }

    @Test
    void closingSetsClosedDateTime() {
        String id = create(newReferral("win", "Independent")).path("id").asText();

        JsonNode won = patch(id, statusPatch("Closed", "Won"));

        assertThat(won.path("substatus").asText()).isEqualTo("Won");
        assertThat(won.path("closedDateTime").asText()).isEqualTo(won.path("updatedDateTime").asText());
    }

    @Test
    void decliningANewReferralIsAllowed() {
        String id = createAsMicrosoft(Json.object()).path("id").asText();

        JsonNode declined = patch(id, "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"Closed\"},"
                + "{\"op\":\"replace\",\"path\":\"/substatus\",\"value\":\"Declined\"},"
                + "{\"op\":\"replace\",\"path\":\"/statusReason\",\"value\":\"Not our focus\"}]");

        assertThat(declined.path("substatus").asText()).isEqualTo("Declined");
    }

    @Test
    void movingBackFromActiveToNewIs400() {
        String id = create(newReferral("back", "Independent")).path("id").asText();

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token, statusPatch("New", "Pending"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains("cannot move from status 'Active'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Active/Won", "Closed/Accepted", "New/Accepted", "Open/Accepted"})
    void aStatusSubstatusPairOutsideTheTableIs400(String pair) {
        String id = createAsMicrosoft(Json.object()).path("id").asText();
        String[] parts = pair.split("/");

        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token, statusPatch(parts[0], parts[1]));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("invalidRequest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Won", "Lost", "Declined", "Expired"})
    void anyEditOfATerminalReferralIs409(String substatus) {
        // given
        String id = createAsMicrosoft(Json.object()).path("id").asText();
        patch(id, statusPatch("Closed", substatus));

        // when
        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token,
                "[{\"op\":\"replace\",\"path\":\"/details/notes\",\"value\":\"too late\"}]");

        // then
        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isNotBlank();
        assertThat(error.path("message").asText()).contains(substatus).contains("cannot be edited");
    }

    // ---- helpers

    static ObjectNode newReferral(String name, String type) {
        ObjectNode referral = Json.object();
        referral.put("name", name);
        referral.put("type", type);
        ObjectNode customer = referral.putObject("customerProfile");
        customer.put("name", "Contoso Ltd");
        customer.putObject("address").put("city", "Seattle").put("postalCode", "98101").put("country", "US");
        customer.putArray("team").addObject().put("firstName", "Pat").put("lastName", "Customer")
                .put("email", "pat@contoso.example");
        referral.putObject("consent").put("consentToToShareInfoWithOthers", true).put("consentToContact", true)
                .put("consentToShareReferralWithMicrosoftSellers", false);
        referral.putObject("details").put("dealValue", 10000).put("currency", "USD").put("notes", "from the CRM");
        referral.putArray("team").addObject().put("firstName", "Sam").put("lastName", "Seller")
                .put("email", "sam@partner.example");
        return referral;
    }

    private static ObjectNode withEngagement(ObjectNode referral, String engagementId) {
        return referral.put("engagementId", engagementId);
    }

    private static JsonNode create(ObjectNode body) {
        HttpResponse<String> response = api.call("POST", REFERRALS, token, body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static JsonNode createAsMicrosoft(ObjectNode fields) {
        HttpResponse<String> response = api.call("POST", "/_sandbox/microsoft/referrals", null, fields.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static JsonNode patch(String id, String operations) {
        HttpResponse<String> response = api.call("PATCH", REFERRALS + "/" + id, token, operations,
                "Prefer", "return=representation");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static List<JsonNode> list(String filter) {
        HttpResponse<String> response = api.call("GET", REFERRALS + "?$filter=" + encode(filter), token, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> result = new ArrayList<>();
        json(response).path("value").forEach(result::add);
        return result;
    }

    private static String statusPatch(String status, String substatus) {
        return "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"" + status + "\"},"
                + "{\"op\":\"replace\",\"path\":\"/substatus\",\"value\":\"" + substatus + "\"}]";
    }
}
