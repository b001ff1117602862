package io.cosell.shared.sync.outbound;

import io.cosell.shared.testsupport.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.sync.inbound.InboundOutcome;
import io.cosell.shared.sync.inbound.InboundResult;
import io.cosell.shared.sync.inbound.ReferralInboundSync;
import io.cosell.shared.testsupport.StatusCountingHttpClient;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seller answers a referral that is still a lead (the default mode), against the Partner Center, Dataverse and Entra
 * emulators and DynamoDB Local over real HTTP. The sync runs through {@link CrmRecordOutboundSync}, the single
 * CRM → Partner Center entry point; the inbound sync then finishes the chain (conversion or disqualification).
 */
class LeadResponseSyncIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "lead-response-it";
    private static final HttpClient CONTROL = HttpClient.newHttpClient();
    private static final MappingConfig CONFIG = MappingConfig.defaults();
    private static final int ACCEPT = 100000000;
    private static final int DECLINE = 100000001;

    private static SyncTestWorld world;
    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenterEmulator;
    private static DataverseEmulator dataverse;
    private static StatusCountingHttpClient http;
    private static ReferralClient partnerCenter;
    private static DataverseClient crm;
    private static DynamoDbSyncStateStore state;
    private static OutboundSync sync;
    private static ReferralInboundSync inbound;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start(TABLE, new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)));
        entra = world.entra();
        partnerCenterEmulator = world.partnerCenterEmulator();
        dataverse = world.dataverse();
        http = world.http();
        partnerCenter = world.partnerCenter();
        crm = world.crm();
        state = world.state();
        sync = new CrmRecordOutboundSync(crm, partnerCenter, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
        inbound = new ReferralInboundSync(partnerCenter, crm, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void freshCrm() {
        dataverse.reset();
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    /** A referral Microsoft shared, synced by the inbound sync as a lead (the default mode). */
    private record SharedLead(String referralId, UUID lead) {

        CrmRecordRef ref() {
            return new CrmRecordRef("leads", lead.toString());
        }
    }

    private static SharedLead sharedAsLead() {
        String referralId = microsoftShares("{}");
        assertThat(inbound.sync(referralId).outcome()).isEqualTo(InboundOutcome.CREATED);
        CrmRecord lead = crm.findByAlternateKey(EntitySet.LEADS, "cosell_referralid", referralId, List.of()).orElseThrow();
        return new SharedLead(referralId, lead.id());
    }

    private static void sellerAnswers(SharedLead lead, int response, String reason) {
        ObjectNode fields = JSON.createObjectNode().put("cosell_referralresponse", response);
        if (reason != null) {
            fields.put("cosell_declinereason", reason);
        }
        crm.update(EntitySet.LEADS, lead.lead(), fields, Optional.empty());
    }

    private static CrmRecord lead(SharedLead lead) {
        return crm.get(EntitySet.LEADS, lead.lead(), List.of()).orElseThrow();
    }

    private static List<CrmRecord> opportunitiesOf(SharedLead lead) {
        return crm.query(EntitySet.OPPORTUNITIES, ODataQuery.all().filter(eq("cosell_referralid", lead.referralId())));
    }

    /** The newest CRM → Partner Center entry of the referral's sync log (the inbound sync logs under the same id). */
    private static SyncLogEntry lastLogEntry(SharedLead lead) {
        return state.recentLog(lead.referralId(), 10).stream()
                .filter(entry -> entry.direction() == SyncDirection.CRM_TO_PC)
                .findFirst().orElseThrow();
    }

    private static int partnerCenterRequests() {
        return http.requests(partnerCenterEmulator.baseUri());
    }

    private static String microsoftShares(String fields) {
        return control("POST", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals", fields).get("id").asText();
    }

    private static void microsoftChanges(String referralId, String mergePatch) {
        control("PATCH", partnerCenterEmulator.baseUri() + "/_sandbox/microsoft/referrals/" + referralId, mergePatch);
    }

    private static JsonNode control(String method, String url, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = CONTROL.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isLessThan(300);
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- accept ---------------------------------------------------------------------------------------------------

    @Test
    void accepting_on_the_lead_accepts_the_referral_and_the_inbound_sync_then_converts_the_lead() {
        // given
        SharedLead shared = sharedAsLead();
        sellerAnswers(shared, ACCEPT, null);

        // when
        OutboundResult result = sync.sync(shared.ref());
        InboundResult converted = inbound.sync(shared.referralId());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        assertThat(result.referralId()).contains(shared.referralId());
        Referral referral = partnerCenter.get(shared.referralId());
        assertThat(referral.status().value()).isEqualTo("Active");
        assertThat(referral.substatus().value()).isEqualTo("Accepted");
        assertThat(lastLogEntry(shared)).satisfies(entry -> {
            assertThat(entry.direction()).isEqualTo(SyncDirection.CRM_TO_PC);
            assertThat(entry.outcome()).isEqualTo(SyncOutcome.SYNCED);
            assertThat(entry.changedFields()).containsExactly("/status");
            assertThat(entry.message()).contains("accepted the referral");
        });

        assertThat(converted.outcome()).as(converted.message()).isEqualTo(InboundOutcome.CREATED);
        assertThat(opportunitiesOf(shared)).singleElement().satisfies(opportunity -> {
            assertThat(opportunity.lookup("originatingleadid")).contains(shared.lead());
            assertThat(opportunity.text("cosell_audit").orElseThrow()).contains("converted the lead into an opportunity");
        });
        CrmRecord qualified = lead(shared);
        assertThat(qualified.fields().get("statecode").asInt()).isEqualTo(1);
        assertThat(qualified.lookup("qualifyingopportunityid")).contains(opportunitiesOf(shared).getFirst().id());
    }

    // ---- decline --------------------------------------------------------------------------------------------------

    @Test
    void declining_on_the_lead_with_a_reason_declines_the_referral_and_the_inbound_sync_then_disqualifies_the_lead() {
        // given
        SharedLead shared = sharedAsLead();
        sellerAnswers(shared, DECLINE, "  No capacity this quarter ");

        // when
        OutboundResult result = sync.sync(shared.ref());
        SyncLogEntry answered = lastLogEntry(shared);
        InboundResult disqualified = inbound.sync(shared.referralId());
        int requestsBeforeEcho = partnerCenterRequests();
        OutboundResult echo = sync.sync(shared.ref());
        int echoRequests = partnerCenterRequests() - requestsBeforeEcho;

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral referral = partnerCenter.get(shared.referralId());
        assertThat(referral.status().value()).isEqualTo("Closed");
        assertThat(referral.substatus().value()).isEqualTo("Declined");
        assertThat(referral.statusReason()).isEqualTo("No capacity this quarter");
        assertThat(answered.message()).contains("declined the referral (No capacity this quarter)");

        assertThat(disqualified.outcome()).as(disqualified.message()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(lead(shared).fields().get("statecode").asInt()).isEqualTo(2);
        assertThat(opportunitiesOf(shared)).isEmpty();

        assertThat(echo.outcome()).as("the poller sees the disqualified lead again").isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(echo.message()).contains("already has the lead's answer");
        assertThat(echoRequests).as("one GET, no PATCH").isEqualTo(1);
    }

    @Test
    void declining_without_a_reason_sends_a_readable_default_reason() {
        // given
        SharedLead shared = sharedAsLead();
        sellerAnswers(shared, DECLINE, " ");

        // when
        OutboundResult result = sync.sync(shared.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        Referral referral = partnerCenter.get(shared.referralId());
        assertThat(referral.substatus().value()).isEqualTo("Declined");
        assertThat(referral.statusReason()).isEqualTo("Declined by the partner in the CRM (no reason given)");
    }

    // ---- already answered, closed, not an answer ----------------------------------------------------------------------

    @Test
    void an_answer_on_an_already_accepted_referral_sends_no_patch() {
        // given
        SharedLead shared = sharedAsLead();
        microsoftChanges(shared.referralId(), "{\"status\": \"Active\", \"substatus\": \"Accepted\"}");
        sellerAnswers(shared, DECLINE, "Changed my mind");
        String eTag = partnerCenter.get(shared.referralId()).eTag();
        int requestsBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(shared.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(partnerCenterRequests() - requestsBefore).as("one GET, no PATCH").isEqualTo(1);
        assertThat(partnerCenter.get(shared.referralId()).eTag()).isEqualTo(eTag);
        assertThat(lastLogEntry(shared)).satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(SyncOutcome.NO_CHANGE);
            assertThat(entry.message()).contains("Active / Accepted already");
        });
    }

    @Test
    void an_answer_on_a_closed_referral_is_terminal_skipped_without_a_patch() {
        // given
        SharedLead shared = sharedAsLead();
        microsoftChanges(shared.referralId(), "{\"status\": \"Closed\", \"substatus\": \"Expired\"}");
        sellerAnswers(shared, ACCEPT, null);
        int requestsBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(shared.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.TERMINAL_SKIPPED);
        assertThat(partnerCenterRequests() - requestsBefore).as("one GET, no PATCH").isEqualTo(1);
        assertThat(partnerCenter.get(shared.referralId()).substatus().value()).isEqualTo("Expired");
        assertThat(lastLogEntry(shared).outcome()).isEqualTo(SyncOutcome.SKIPPED);
    }

    @Test
    void a_lead_without_an_answer_sends_nothing() {
        // given
        SharedLead shared = sharedAsLead();
        int requestsBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(shared.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.NO_CHANGE);
        assertThat(partnerCenterRequests() - requestsBefore).isZero();
        assertThat(partnerCenter.get(shared.referralId()).status().value()).isEqualTo("New");
    }

    // ---- concurrency ----------------------------------------------------------------------------------------------

    @Test
    void a_412_rereads_the_referral_and_answers_the_newer_version() {
        // given: Microsoft edits the referral between the sync's read and its PATCH
        SharedLead shared = sharedAsLead();
        sellerAnswers(shared, ACCEPT, null);
        OutboundSync racing = new CrmRecordOutboundSync(crm,
                new MicrosoftEditsBeforeTheFirstPatch(partnerCenter, "{\"details\": {\"notes\": \"Microsoft: urgent\"}}"),
                state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
        int conflictsBefore = http.count(partnerCenterEmulator.baseUri(), 412);

        // when
        OutboundResult result = racing.sync(shared.ref());

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.UPDATED);
        assertThat(http.count(partnerCenterEmulator.baseUri(), 412) - conflictsBefore).isEqualTo(1);
        Referral referral = partnerCenter.get(shared.referralId());
        assertThat(referral.substatus().value()).isEqualTo("Accepted");
        assertThat(referral.details().notes()).isEqualTo("Microsoft: urgent");
        assertThat(result.message()).contains("after a newer version in Partner Center");
    }

    @Test
    void a_referral_the_inbound_sync_is_writing_is_retried_later_without_a_patch() {
        // given
        SharedLead shared = sharedAsLead();
        sellerAnswers(shared, ACCEPT, null);
        assertThat(state.tryAcquire("referral#" + shared.referralId(), "inbound-worker", Duration.ofMinutes(1))).isTrue();
        int requestsBefore = partnerCenterRequests();

        // when
        OutboundResult result = sync.sync(shared.ref());

        // then
        state.release("referral#" + shared.referralId(), "inbound-worker");
        assertThat(result.outcome()).isEqualTo(OutboundOutcome.RETRY_LATER);
        assertThat(partnerCenterRequests() - requestsBefore).isZero();
        assertThat(partnerCenter.get(shared.referralId()).status().value()).isEqualTo("New");
    }

    /** The real client, except that Microsoft changes the referral just before the first PATCH reaches it. */
    private static final class MicrosoftEditsBeforeTheFirstPatch implements ReferralClient {

        private final ReferralClient delegate;
        private final String mergePatch;
        private final AtomicBoolean edited = new AtomicBoolean();

        MicrosoftEditsBeforeTheFirstPatch(ReferralClient delegate, String mergePatch) {
            this.delegate = delegate;
            this.mergePatch = mergePatch;
        }

        @Override
        public Referral get(String id) {
            return delegate.get(id);
        }

        @Override
        public Referral create(Referral referral) {
            return delegate.create(referral);
        }

        @Override
        public Referral patch(String id, List<PatchOperation> operations, Optional<String> ifMatch) {
            if (edited.compareAndSet(false, true)) {
                microsoftChanges(id, mergePatch);
            }
            return delegate.patch(id, operations, ifMatch);
        }

        @Override
        public Stream<Referral> list(ReferralQuery query) {
            return delegate.list(query);
        }
    }
}
