package io.cosell.shared.partnercenter;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.shared.http.ApiException;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.referral.Member;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.referral.ReferralDirection;
import io.cosell.shared.referral.ReferralStatus;
import io.cosell.shared.testsupport.SandboxTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link HttpReferralClient} against the Partner Center and Entra emulators. */
class HttpReferralClientIT {

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static ReferralClient client;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults().withPageSize(2));
        ApiHttpClient http = new ApiHttpClient(ApiHttpClient.defaultHttpClient(),
                SandboxTokens.clientCredentials(entra, HttpReferralClient.SCOPE), RetryPolicy.defaults(), Duration.ofSeconds(5), TestJson.MAPPER);
        client = new HttpReferralClient(http, partnerCenter.baseUri(), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        partnerCenter.close();
        entra.close();
    }

    @Test
    void createsAndReadsAReferral() {
        // when
        Referral created = client.create(newReferral("Contoso - Azure migration", null));
        Referral read = client.get(created.id());

        // then
        assertThat(created.id()).isNotBlank();
        assertThat(created.status()).isEqualTo(ReferralStatus.ACTIVE);
        assertThat(created.direction()).isEqualTo(ReferralDirection.OUTGOING);
        assertThat(created.eTag()).startsWith("\"");
        assertThat(created.details().dealValue()).isEqualByComparingTo("25000");
        assertThat(read).isEqualTo(created);
    }

    @Test
    void fieldsTheModelDoesNotNameReachTheServerAndComeBack() {
        // given
        Referral referral = newReferral("with extras", null);
        ObjectNode json = (ObjectNode) TestJson.REFERRAL_JSON.tree(referral);
        json.put("solutionArea", "AI Business Solutions");
        Referral sent = TestJson.REFERRAL_JSON.read(TestJson.REFERRAL_JSON.write(json), Referral.class);

        // when
        Referral read = client.get(client.create(sent).id());

        // then
        assertThat(read.otherFields().get("solutionArea").asText()).isEqualTo("AI Business Solutions");
    }

    @Test
    void patchReturnsTheUpdatedReferral() {
        // given
        Referral created = client.create(newReferral("patch", null));

        // when
        Referral updated = client.patch(created.id(), List.of(
                PatchOperation.replace("/details/dealValue", TestJson.REFERRAL_JSON.tree(new BigDecimal("40000"))),
                PatchOperation.add("/team/-", TestJson.REFERRAL_JSON.tree(Map.of("firstName", "Kim", "lastName", "Added")))),
                Optional.of(created.eTag()));

        // then
        assertThat(updated.details().dealValue()).isEqualByComparingTo("40000");
        assertThat(updated.team()).extracting(Member::firstName).containsExactly("Sam", "Kim");
        assertThat(updated.eTag()).isNotEqualTo(created.eTag());
        assertThat(updated.updatedDateTime()).isAfter(created.updatedDateTime());
    }

    @Test
    void aStaleETagIsAReferralConflictException() {
        // given
        Referral created = client.create(newReferral("conflict", null));
        client.patch(created.id(), List.of(PatchOperation.replace("/name", "changed elsewhere")), Optional.empty());

        // when
        ReferralConflictException conflict = catchThrowableOfType(ReferralConflictException.class,
                () -> client.patch(created.id(), List.of(PatchOperation.replace("/name", "mine")),
                        Optional.of(created.eTag())));

        // then
        assertThat(conflict.status()).isEqualTo(412);
        assertThat(conflict.code()).isEqualTo("preconditionFailed");
        assertThat(conflict.isPreconditionFailed()).isTrue();
        assertThat(client.get(created.id()).name()).isEqualTo("changed elsewhere");
    }

    @Test
    void anUnknownIdIsNotFound() {
        ApiException notFound = catchThrowableOfType(ApiException.class, () -> client.get(UUID.randomUUID().toString()));

        assertThat(notFound.isNotFound()).isTrue();
        assertThat(notFound).isNotInstanceOf(ReferralConflictException.class);
    }

    @Test
    void listFollowsNextLinksAcrossPages() {
        // given
        String engagementId = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.create(newReferral("page " + i, engagementId)).id());
        }

        // when
        List<Referral> listed = client.list(ReferralQuery.byEngagement(engagementId).orderBy("createdDateTime asc"))
                .toList();

        // then
        assertThat(listed).extracting(Referral::id).containsExactlyElementsOf(ids);
    }

    @Test
    void listsReferralsUpdatedSinceAnInstant() {
        // given
        String engagementId = UUID.randomUUID().toString();
        Referral untouched = client.create(newReferral("untouched", engagementId));
        Referral touched = client.create(newReferral("touched", engagementId));
        Instant since = touched.updatedDateTime().plusNanos(1000);
        client.patch(touched.id(), List.of(PatchOperation.replace("/details/notes", "new notes")), Optional.empty());

        // when
        List<Referral> changed = client.list(ReferralQuery.updatedSince(since))
                .filter(referral -> engagementId.equals(referral.engagementId()))
                .toList();

        // then
        assertThat(changed).extracting(Referral::id).containsExactly(touched.id()).doesNotContain(untouched.id());
    }

    @Test
    void topLimitsTheList() {
        String engagementId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            client.create(newReferral("top " + i, engagementId));
        }

        assertThat(client.list(ReferralQuery.byEngagement(engagementId).top(1)).toList()).hasSize(1);
    }

    static Referral newReferral(String name, String engagementId) {
        ObjectNode json = (ObjectNode) TestJson.REFERRAL_JSON.readTree(("""
                {"name":"%s","type":"Independent",
                 "customerProfile":{"name":"Contoso Ltd","address":{"city":"Seattle","postalCode":"98101","country":"US"}},
                 "consent":{"consentToToShareInfoWithOthers":true,"consentToContact":true,
                            "consentToShareReferralWithMicrosoftSellers":false},
                 "details":{"dealValue":25000,"currency":"USD","closingDateTime":"2026-06-30T00:00:00Z"},
                 "team":[{"firstName":"Sam","lastName":"Seller","email":"sam@partner.example"}]}
                """).formatted(name).getBytes());
        if (engagementId != null) {
            json.put("engagementId", engagementId);
        }
        return TestJson.REFERRAL_JSON.read(TestJson.REFERRAL_JSON.write(json), Referral.class);
    }
}
