package io.cosell.shared.sync.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.http.LostAnswer;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.NewReferralTarget;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.sync.inbound.InboundOutcome;
import io.cosell.shared.sync.inbound.InboundResult;
import io.cosell.shared.sync.inbound.ReferralInboundSync;
import io.cosell.shared.testsupport.SyncTestWorld;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.vocabulary.CrmRecordRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, items 1 and 2, against the emulators over real HTTP: Partner Center applies the POST of a referral and the
 * answer is lost ("act, then lose the answer"), with and without the new referral's {@code referral-created} event
 * handled before the Referral Identifier is written back.
 */
class LostAnswerOutboundSyncIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "lost-answer-outbound-it";
    private static final String REFERRALS = "/v1.0/engagements/referrals";
    private static final UUID EUR = DataverseEmulator.sampleId("transactioncurrency", "EUR");
    private static final MappingConfig CONFIG = MappingConfig.defaults().withNewReferralBecomes(NewReferralTarget.OPPORTUNITY);

    private static SyncTestWorld world;
    private static PartnerCenterEmulator partnerCenterEmulator;
    private static ReferralClient partnerCenter;
    private static DataverseClient crm;
    private static DynamoDbSyncStateStore state;
    private static OpportunityOutboundSync outbound;
    private static ReferralInboundSync inbound;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start(TABLE, new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)));
        partnerCenterEmulator = world.partnerCenterEmulator();
        partnerCenter = world.partnerCenter();
        crm = world.crm();
        state = world.state();
        outbound = new OpportunityOutboundSync(crm, partnerCenter, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
        inbound = new ReferralInboundSync(partnerCenter, crm, state, CONFIG, Clock.systemUTC(), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void fresh() {
        world.dataverse().reset();
        partnerCenterEmulator.faults().reset();
    }

    @Test
    void a_post_whose_answer_is_lost_is_sent_once_and_the_referral_it_made_is_linked() {
        // given
        UUID opportunity = coSellOpportunity("Lost Answer Traders");
        partnerCenterEmulator.faults().setLostAnswers(List.of(new LostAnswer("POST", REFERRALS, 1, 0)));

        // when
        OutboundResult result = outbound.sync(ref(opportunity));

        // then
        assertThat(result.outcome()).as(result.message()).isEqualTo(OutboundOutcome.CREATED);
        assertThat(result.message()).contains("found from an earlier attempt");
        assertThat(partnerCenterEmulator.faults().lostAnswers()).isPositive();
        assertThat(referralsOf(opportunity)).singleElement().extracting(Referral::id)
                .isEqualTo(result.referralId().orElseThrow());
        assertThat(opportunityRow(opportunity).text("cosell_referralid")).isEqualTo(result.referralId());
    }

    @Test
    void the_referral_created_event_handled_before_the_write_back_waits_and_makes_no_second_opportunity() {
        // given: the POST acts, its answer is lost, and the new referral cannot be listed yet: the outbound sync waits
        UUID opportunity = coSellOpportunity("Between Traders");
        partnerCenterEmulator.faults().setLostAnswers(List.of(new LostAnswer("POST", REFERRALS, 1, 0),
                new LostAnswer("GET", REFERRALS, 1000, 0)));
        OutboundResult lost = outbound.sync(ref(opportunity));
        partnerCenterEmulator.faults().reset();
        String referralId = referralsOf(opportunity).getFirst().id();

        // when the referral-created event is handled, then the outbound retry, then the event's redelivery
        InboundResult between = inbound.sync(referralId);
        OutboundResult retry = outbound.sync(ref(opportunity));
        InboundResult after = inbound.sync(referralId);

        // then
        assertThat(lost.outcome()).as(lost.message()).isEqualTo(OutboundOutcome.RETRY_LATER);
        assertThat(between.outcome()).as(between.message()).isEqualTo(InboundOutcome.RETRY_LATER);
        assertThat(between.message()).contains("still in progress");
        assertThat(retry.outcome()).as(retry.message()).isEqualTo(OutboundOutcome.CREATED);
        assertThat(after.outcome()).as(after.message()).isIn(InboundOutcome.NO_CHANGE, InboundOutcome.UPDATED);
        assertThat(referralsOf(opportunity)).singleElement().extracting(Referral::id).isEqualTo(referralId);
        assertOneOpportunityKeepingTheSellersFields(opportunity, referralId);
    }

    @Test
    void a_referral_of_ours_whose_create_was_given_up_is_adopted_by_the_opportunity_that_shared_it() {
        // given: the outbound create lost its answer and was never retried
        UUID opportunity = coSellOpportunity("Adopted Traders");
        partnerCenterEmulator.faults().setLostAnswers(List.of(new LostAnswer("POST", REFERRALS, 1, 0),
                new LostAnswer("GET", REFERRALS, 1000, 0)));
        outbound.sync(ref(opportunity));
        partnerCenterEmulator.faults().reset();
        String referralId = referralsOf(opportunity).getFirst().id();
        ReferralInboundSync later = new ReferralInboundSync(partnerCenter, crm, state, CONFIG,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)), TestJson.MAPPER);

        // when
        InboundResult adopted = later.sync(referralId);
        OutboundResult next = outbound.sync(ref(opportunity));

        // then
        assertThat(adopted.outcome()).as(adopted.message()).isEqualTo(InboundOutcome.UPDATED);
        assertThat(adopted.record()).contains(ref(opportunity));
        assertThat(next.outcome()).as(next.message()).isIn(OutboundOutcome.NO_CHANGE, OutboundOutcome.UPDATED);
        assertThat(state.linkByReferral(referralId)).get().extracting(l -> l.crmRecord()).isEqualTo(ref(opportunity));
        assertOneOpportunityKeepingTheSellersFields(opportunity, referralId);
    }

    private static void assertOneOpportunityKeepingTheSellersFields(UUID opportunity, String referralId) {
        List<CrmRecord> all = crm.query(EntitySet.OPPORTUNITIES, ODataQuery.select("opportunityid"));
        assertThat(all).singleElement().extracting(CrmRecord::id).isEqualTo(opportunity);
        CrmRecord row = opportunityRow(opportunity);
        assertThat(row.text("cosell_referralid")).contains(referralId);
        assertThat(row.text("name").orElseThrow()).endsWith(" - Azure landing zone");
        assertThat(row.fields().get("estimatedvalue").decimalValue()).isEqualByComparingTo("85000");
        assertThat(row.text("description")).contains("Landing zone for three subscriptions");
        assertThat(row.text("estimatedclosedate")).contains("2027-09-30");
    }

    private static CrmRecordRef ref(UUID opportunity) {
        return new CrmRecordRef("opportunities", opportunity.toString());
    }

    private static CrmRecord opportunityRow(UUID opportunity) {
        return crm.get(EntitySet.OPPORTUNITIES, opportunity, List.of()).orElseThrow();
    }

    private static List<Referral> referralsOf(UUID opportunity) {
        return partnerCenter.list(ReferralQuery.all())
                .filter(r -> opportunity.toString().equals(r.externalReferenceId())).toList();
    }

    /** A seller's co-sell opportunity: account in Ireland, a contact, one solution, 85,000 EUR. */
    private static UUID coSellOpportunity(String customer) {
        UUID account = crm.create(EntitySet.ACCOUNTS, object("""
                {"name": "%s", "address1_city": "Dublin", "address1_postalcode": "D02 XY45", "address1_country": "IE"}
                """.formatted(customer)));
        ObjectNode contact = object("{\"firstname\": \"Aoife\", \"lastname\": \"Byrne\", \"emailaddress1\": \"aoife@customer.example\"}");
        contact.put("parentcustomerid_account@odata.bind", "/accounts(" + account + ")");
        UUID contactId = crm.create(EntitySet.CONTACTS, contact);
        ObjectNode fields = object("""
                {"name": "%s - Azure landing zone", "description": "Landing zone for three subscriptions",
                 "estimatedvalue": 85000, "estimatedclosedate": "2027-09-30",
                 "cosell_syncwithpartnercenter": true, "cosell_microsofthelp": 100000001}
                """.formatted(customer));
        fields.put("customerid_account@odata.bind", "/accounts(" + account + ")");
        fields.put("parentcontactid@odata.bind", "/contacts(" + contactId + ")");
        fields.put("transactioncurrencyid@odata.bind", "/transactioncurrencies(" + EUR + ")");
        UUID opportunity = crm.create(EntitySet.OPPORTUNITIES, fields);
        ObjectNode solution = JSON.createObjectNode().put("cosell_solutionid", "SOL-15974-MQF")
                .put("cosell_name", "Contoso Cloud Migration Factory").put("cosell_type", "Name");
        solution.put("cosell_opportunityid@odata.bind", "/opportunities(" + opportunity + ")");
        crm.create(EntitySet.SOLUTIONS, solution);
        return opportunity;
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
