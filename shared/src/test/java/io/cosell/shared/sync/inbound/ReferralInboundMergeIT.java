package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.ConflictWinner;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seller's edit the poller has not sent yet meets Microsoft's change of the same referral: the inbound sync merges
 * three ways against the Dataverse emulator (with its ETags and 412s), Partner Center emulator and DynamoDB Local.
 */
class ReferralInboundMergeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CONTROL = HttpClient.newHttpClient();

    private static SyncTestWorld world;
    private static PartnerCenterEmulator partnerCenterEmulator;
    private static DataverseEmulator dataverse;
    private static DataverseClient seller;
    private static RecordingDataverseClient crm;
    private static DynamoDbSyncStateStore state;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start("inbound-merge-it",
                new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(20)));
        partnerCenterEmulator = world.partnerCenterEmulator();
        dataverse = world.dataverse();
        seller = world.crm();
        crm = new RecordingDataverseClient(world.crm());
        state = world.state();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void freshCrm() {
        dataverse.reset();
        crm.clear();
        crm.beforeUpdates(0, () -> { });
    }

    private static ReferralInboundSync sync(ConflictWinner winner) {
        return new ReferralInboundSync(world.partnerCenter(), crm, state,
                MappingConfig.defaults().withConflictWinner(winner), Clock.systemUTC(), TestJson.MAPPER);
    }

    /** An accepted referral of Microsoft's, synced once: deal value 50,000 USD. Returns its id. */
    private static String acceptedAndSynced(String company) {
        String id = control("POST", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals", """
                {"status": "Active", "substatus": "Accepted",
                 "details": {"dealValue": 50000, "currency": "USD", "closingDateTime": "2026-10-31T00:00:00Z"},
                 "customerProfile": {"name": "%s", "address": {"city": "Cork", "postalCode": "T12 X1", "country": "IE"},
                   "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife@%s.example"}]}}
                """.formatted(company, company.toLowerCase().replace(' ', '-'))).get("id").asText();
        assertThat(sync(ConflictWinner.CRM).sync(id).outcome()).isEqualTo(InboundOutcome.CREATED);
        crm.clear();
        return id;
    }

    private static void microsoftChanges(String referralId, String mergePatch) {
        control("PATCH", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals/" + referralId, mergePatch);
    }

    /** The seller edits the opportunity in the CRM (the poller has not sent it yet). */
    private static void sellerSets(String referralId, String column, Object value) {
        ObjectNode fields = JSON.createObjectNode();
        fields.set(column, JSON.valueToTree(value));
        seller.update(EntitySet.OPPORTUNITIES, opportunity(referralId).id(), fields, Optional.empty());
    }

    private static CrmRecord opportunity(String referralId) {
        List<CrmRecord> found = seller.query(EntitySet.OPPORTUNITIES, ODataQuery.all().filter(eq("cosell_referralid", referralId)));
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static JsonNode control(String method, String url, String body) {
        try {
            HttpResponse<String> response = CONTROL.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isLessThan(300);
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_sellers_unsent_deal_value_and_microsofts_close_date_both_survive() {
        // given
        String id = acceptedAndSynced("Bantry Boats");
        sellerSets(id, "estimatedvalue", 90000);

        // when
        microsoftChanges(id, "{\"details\": {\"closingDateTime\": \"2026-12-15T00:00:00Z\"}}");
        InboundResult result = sync(ConflictWinner.CRM).sync(id);

        // then the seller's value stays, Microsoft's date arrives, in one update conditional on the record's ETag
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UPDATED);
        CrmRecord after = opportunity(id);
        assertThat(after.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("90000");
        assertThat(after.text("estimatedclosedate")).contains("2026-12-15");
        assertThat(crm.writes()).singleElement().satisfies(write -> {
            assertThat(write.operation()).isEqualTo("update");
            assertThat(write.ifMatch()).hasValueSatisfying(etag -> assertThat(etag).startsWith("W/\""));
        });
        // and the snapshot holds what both sides agreed on, so the poller still sees the seller's edit as a change
        assertThat(state.snapshot(id)).hasValueSatisfying(snapshot ->
                assertThat(snapshot.crmFields()).containsEntry("estimatedvalue", "50000"));
    }

    @Test
    void a_deal_value_changed_on_both_sides_keeps_the_crms_value_by_default_and_the_audit_says_so() {
        // given
        String id = acceptedAndSynced("Kinsale Kilns");
        sellerSets(id, "estimatedvalue", 90000);

        // when
        microsoftChanges(id, "{\"details\": {\"dealValue\": 85000}}");
        InboundResult result = sync(ConflictWinner.CRM).sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UPDATED);
        CrmRecord after = opportunity(id);
        assertThat(after.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("90000");
        assertThat(after.text("cosell_audit").orElseThrow()).endsWith("conflict on deal value: changed in the CRM (90000) "
                + "and in Partner Center (85000) since the last sync; kept the CRM's value (conflictWinner CRM), "
                + "Partner Center gets it with the next CRM → Partner Center sync");
        assertThat(state.snapshot(id)).hasValueSatisfying(snapshot ->
                assertThat(snapshot.crmFields()).containsEntry("estimatedvalue", "85000"));
    }

    @Test
    void with_partner_center_as_conflict_winner_microsofts_value_is_written_and_audited() {
        // given
        String id = acceptedAndSynced("Youghal Yarns");
        sellerSets(id, "estimatedvalue", 90000);

        // when
        microsoftChanges(id, "{\"details\": {\"dealValue\": 85000}}");
        InboundResult result = sync(ConflictWinner.PARTNER_CENTER).sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UPDATED);
        CrmRecord after = opportunity(id);
        assertThat(after.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(after.text("cosell_audit").orElseThrow()).contains("updated deal value 85,000 USD; conflict on deal "
                + "value: changed in the CRM (90000) and in Partner Center (85000) since the last sync; took Partner "
                + "Center's value (conflictWinner PARTNER_CENTER)");
    }

    @Test
    void a_seller_edit_made_between_the_read_and_the_write_is_merged_instead_of_overwritten() {
        // given
        String id = acceptedAndSynced("Cobh Coffee");
        UUID record = opportunity(id).id();
        crm.beforeUpdates(1, () -> sellerSets(id, "estimatedvalue", 90000));

        // when Microsoft changes deal value and close date, and the seller changes the deal value during the sync
        microsoftChanges(id, "{\"details\": {\"dealValue\": 85000, \"closingDateTime\": \"2026-12-15T00:00:00Z\"}}");
        InboundResult result = sync(ConflictWinner.CRM).sync(id);

        // then the first update met a 412, the second was planned from the record as the seller left it
        assertThat(result.outcome()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(crm.writes()).extracting(RecordingDataverseClient.Call::operation).containsExactly("update", "update");
        CrmRecord after = opportunity(id);
        assertThat(after.id()).isEqualTo(record);
        assertThat(after.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("90000");
        assertThat(after.text("estimatedclosedate")).contains("2026-12-15");
        assertThat(after.text("cosell_audit").orElseThrow()).contains("conflict on deal value")
                .endsWith("(merged with a change made in the CRM during the sync)");
    }

    @Test
    void a_record_that_keeps_changing_under_the_sync_is_retried_later_without_a_write() {
        // given
        String id = acceptedAndSynced("Macroom Mills");
        int[] edits = {0};
        crm.beforeUpdates(ReferralInboundSync.WRITE_ATTEMPTS, () -> sellerSets(id, "description", "edit " + ++edits[0]));

        // when
        microsoftChanges(id, "{\"details\": {\"closingDateTime\": \"2026-12-15T00:00:00Z\"}}");
        InboundResult result = sync(ConflictWinner.CRM).sync(id);

        // then
        assertThat(result.outcome()).isEqualTo(InboundOutcome.RETRY_LATER);
        assertThat(result.message()).contains("kept changing");
        assertThat(opportunity(id).text("estimatedclosedate")).contains("2026-10-31");
        assertThat(opportunity(id).text("description")).contains("edit " + ReferralInboundSync.WRITE_ATTEMPTS);

        // and the next delivery merges
        assertThat(sync(ConflictWinner.CRM).sync(id).outcome()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(opportunity(id).text("estimatedclosedate")).contains("2026-12-15");
        assertThat(opportunity(id).text("description")).contains("edit " + ReferralInboundSync.WRITE_ATTEMPTS);
    }
}
