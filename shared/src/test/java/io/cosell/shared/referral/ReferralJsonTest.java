package io.cosell.shared.referral;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The referral model against the example referral of the fact sheet (§1.9). */
class ReferralJsonTest {

    @Test
    void readsTheDocumentedFields() throws IOException {
        // when
        Referral referral = TestJson.REFERRAL_JSON.read(fixture(), Referral.class);

        // then
        assertThat(referral.id()).isEqualTo("3f1c2a9e-7b4d-4e21-9c55-0d8a6e2b4f10");
        assertThat(referral.eTag()).isEqualTo("\"6f00a1b2-0000-0100-0000-67c8a1f20000\"");
        assertThat(referral.status()).isEqualTo(ReferralStatus.ACTIVE);
        assertThat(referral.substatus()).isEqualTo(ReferralSubstatus.ACCEPTED);
        assertThat(referral.type()).isEqualTo(ReferralType.SHARED);
        assertThat(referral.direction()).isEqualTo(ReferralDirection.INCOMING);
        assertThat(referral.createdDateTime()).isEqualTo(Instant.parse("2025-03-03T09:15:22.1234567Z"));
        assertThat(referral.expirationDateTime()).isNull();
        assertThat(referral.consent().consentToToShareInfoWithOthers()).isTrue();
        assertThat(referral.consent().consentToShareReferralWithMicrosoftSellers()).isTrue();
        assertThat(referral.customerProfile().address().country()).isEqualTo("IE");
        assertThat(referral.customerProfile().team().getFirst().contactPreference().locale()).isEqualTo("en-us");
        assertThat(referral.customerProfile().ids().getFirst().profileType()).isEqualTo("External");
        assertThat(referral.details().dealValue()).isEqualByComparingTo(new BigDecimal("85000"));
        assertThat(referral.details().closingDateTime()).isEqualTo(Instant.parse("2025-09-30T00:00:00Z"));
        assertThat(referral.details().requirements().solutions().getFirst().type()).isEqualTo("Name");
        assertThat(referral.details().requirements().products()).extracting(Tag::id).containsExactly("Azure");
        assertThat(referral.inviteContext().assistanceRequestCode()).isEqualTo("CustomerTechnicalArchitecture");
        assertThat(referral.inviteContext().invitedBy().organizationId()).isEqualTo("msft");
        assertThat(referral.target().getFirst().type()).isEqualTo("SolutionProfile");
        assertThat(referral.team().getFirst().email()).isEqualTo("sam.seller@partner.example");
        assertThat(referral.links().self().method()).isEqualTo("GET");
        assertThat(referral.trackingInfo().microsoftMsxId()).isNull();
        assertThat(referral.otherFields()).isEmpty();
        assertThat(referral.isTerminal()).isFalse();
    }

    @Test
    void writingBackGivesTheSameDocumentWithoutItsNulls() throws IOException {
        // given
        JsonNode original = TestJson.REFERRAL_JSON.readTree(fixture());

        // when
        JsonNode written = TestJson.REFERRAL_JSON.readTree(TestJson.REFERRAL_JSON.write(TestJson.REFERRAL_JSON.read(fixture(), Referral.class)));

        // then
        assertSameDocument(written, withoutNulls(original.deepCopy()));
    }

    @Test
    void unknownFieldsAtAnyDepthSurviveARoundTrip() throws IOException {
        // given
        ObjectNode document = (ObjectNode) TestJson.REFERRAL_JSON.readTree(fixture());
        document.put("solutionPlay", "Migrate and modernize");
        document.putArray("registrations").addObject().put("status", "ReviewPending");
        ((ObjectNode) document.get("details")).put("incentiveLevel", "Gold");
        ((ObjectNode) document.get("customerProfile").get("address")).put("county", "Dublin");
        ((ObjectNode) document.get("team").get(0)).put("title", "Account executive");
        byte[] json = TestJson.REFERRAL_JSON.write(document);

        // when
        Referral referral = TestJson.REFERRAL_JSON.read(json, Referral.class);
        JsonNode written = TestJson.REFERRAL_JSON.readTree(TestJson.REFERRAL_JSON.write(referral));

        // then
        assertThat(referral.otherFields()).containsKeys("solutionPlay", "registrations");
        assertThat(referral.details().otherFields().get("incentiveLevel").asText()).isEqualTo("Gold");
        assertThat(written.path("solutionPlay").asText()).isEqualTo("Migrate and modernize");
        assertThat(written.path("registrations").get(0).path("status").asText()).isEqualTo("ReviewPending");
        assertThat(written.path("details").path("incentiveLevel").asText()).isEqualTo("Gold");
        assertThat(written.path("customerProfile").path("address").path("county").asText()).isEqualTo("Dublin");
        assertThat(written.path("team").get(0).path("title").asText()).isEqualTo("Account executive");
    }

    @Test
    void statusValuesNotInTheDocsSurvive() throws IOException {
        // given
        ObjectNode document = (ObjectNode) TestJson.REFERRAL_JSON.readTree(fixture());
        document.put("status", "OnHold");
        document.put("substatus", "Paused");
        document.put("direction", "Sideways");

        // when
        Referral referral = TestJson.REFERRAL_JSON.read(TestJson.REFERRAL_JSON.write(document), Referral.class);
        JsonNode written = TestJson.REFERRAL_JSON.readTree(TestJson.REFERRAL_JSON.write(referral));

        // then
        assertThat(referral.status().value()).isEqualTo("OnHold");
        assertThat(referral.status().isKnown()).isFalse();
        assertThat(referral.substatus().isTerminal()).isFalse();
        assertThat(written.path("status").asText()).isEqualTo("OnHold");
        assertThat(written.path("substatus").asText()).isEqualTo("Paused");
        assertThat(written.path("direction").asText()).isEqualTo("Sideways");
    }

    @Test
    void closedReferralsAreTerminal() {
        for (String substatus : List.of("Won", "Lost", "Declined", "Expired")) {
            assertThat(ReferralSubstatus.of(substatus).isTerminal()).isTrue();
        }
        assertThat(ReferralSubstatus.ACCEPTED.isTerminal()).isFalse();
    }

    @Test
    void patchOperationsAreWrittenAsJsonPatch() {
        byte[] json = TestJson.REFERRAL_JSON.write(List.of(PatchOperation.replace("/details/dealValue",
                TestJson.REFERRAL_JSON.tree(new BigDecimal("1200.50"))),
                PatchOperation.add("/team/-", TestJson.REFERRAL_JSON.tree(Map.of("firstName", "Kim")))));

        assertThat(new String(json)).isEqualTo("[{\"op\":\"replace\",\"path\":\"/details/dealValue\",\"value\":1200.5},"
                + "{\"op\":\"add\",\"path\":\"/team/-\",\"value\":{\"firstName\":\"Kim\"}}]");
    }

    // ---- helpers

    private static byte[] fixture() throws IOException {
        try (InputStream in = ReferralJsonTest.class.getResourceAsStream("/referral/example-referral.json")) {
            return in.readAllBytes();
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
            object.forEach(ReferralJsonTest::withoutNulls);
        } else if (node.isArray()) {
            node.forEach(ReferralJsonTest::withoutNulls);
        }
        return node;
    }

    /** Equal trees, where timestamps compare as instants (precision digits may differ in writing). */
    private static void assertSameDocument(JsonNode actual, JsonNode expected) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).isTrue();
            assertThat(iterable(actual.fieldNames())).containsExactlyInAnyOrderElementsOf(iterable(expected.fieldNames()));
            expected.fieldNames().forEachRemaining(name -> assertSameDocument(actual.get(name), expected.get(name)));
        } else if (expected.isArray()) {
            assertThat(actual.size()).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameDocument(actual.get(i), expected.get(i));
            }
        } else if (expected.isNumber()) {
            assertThat(actual.decimalValue()).isEqualByComparingTo(expected.decimalValue());
        } else {
            Optional<Instant> instant = instant(expected.asText());
            if (instant.isPresent()) {
                assertThat(instant(actual.asText())).isEqualTo(instant);
            } else {
                assertThat(actual).isEqualTo(expected);
            }
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notATimestamp) {
            return Optional.empty();
        }
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
