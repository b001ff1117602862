package io.cosell.shared.sync.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.emulator.http.LostAnswer;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.ODataQuery;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.mapping.NewReferralTarget;
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

import static io.cosell.shared.crm.ODataFilter.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 1, inbound: every record the sync creates in Dataverse is created, then its answer is lost ("act,
 * then lose the answer" on the emulator), and still exists once.
 */
class LostAnswerInboundSyncIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/data/v9.2/";
    private static final HttpClient CONTROL = HttpClient.newHttpClient();

    private static SyncTestWorld world;
    private static ReferralInboundSync sync;

    @BeforeAll
    static void start() {
        world = SyncTestWorld.start("lost-answer-inbound-it",
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5)));
        sync = new ReferralInboundSync(world.partnerCenter(), world.crm(), world.state(),
                MappingConfig.defaults().withNewReferralBecomes(NewReferralTarget.OPPORTUNITY), Clock.systemUTC(), TestJson.MAPPER);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void fresh() {
        world.dataverse().reset();
    }

    @Test
    void account_contact_opportunity_and_solution_rows_whose_create_answers_are_lost_exist_once() {
        // given a referral with a customer, a contact and a solution, and every first create's answer lost
        String id = microsoftShares("""
                {"customerProfile": {"name": "Lost Answer Foods",
                   "address": {"city": "Galway", "postalCode": "H91 L0ST", "country": "IE"},
                   "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "aoife@lostanswer.example"}]}}""");
        List<LostAnswer> lose = List.of(
                new LostAnswer("POST", API + "$batch", 1, 0),
                new LostAnswer("POST", API + "accounts", 1, 0), new LostAnswer("PATCH", API + "accounts(*", 1, 0),
                new LostAnswer("POST", API + "contacts", 1, 0), new LostAnswer("PATCH", API + "contacts(*", 1, 0),
                new LostAnswer("POST", API + "cosell_solutions", 1, 0),
                new LostAnswer("PATCH", API + "cosell_solutions(*", 1, 0),
                new LostAnswer("PATCH", API + "opportunities(*", 1, 0));
        world.dataverse().server().faults().setLostAnswers(lose);

        // when
        InboundResult result = sync.sync(id);

        // then the creates were repeated inside the call, harmlessly (a 412 for what the lost attempt made)
        assertThat(result.outcome()).as(result.message()).isIn(InboundOutcome.CREATED, InboundOutcome.UPDATED);
        assertThat(world.dataverse().server().faults().lostAnswers()).isGreaterThanOrEqualTo(3);
        assertThat(rows(EntitySet.ACCOUNTS, "name", "Lost Answer Foods")).hasSize(1);
        assertThat(rows(EntitySet.CONTACTS, "emailaddress1", "aoife@lostanswer.example")).hasSize(1);
        List<CrmRecord> opportunities = rows(EntitySet.OPPORTUNITIES, "cosell_referralid", id);
        assertThat(opportunities).hasSize(1);
        assertThat(world.crm().query(EntitySet.SOLUTIONS, ODataQuery.all()
                .filter(eq("_cosell_opportunityid_value", opportunities.getFirst().id())))).isNotEmpty()
                .extracting(row -> row.text("cosell_solutionid").orElseThrow()).doesNotHaveDuplicates();
    }

    private static List<CrmRecord> rows(EntitySet set, String column, String value) {
        return world.crm().query(set, ODataQuery.all().filter(eq(column, value)));
    }

    private static String microsoftShares(String fields) {
        try {
            HttpResponse<String> response = CONTROL.send(HttpRequest.newBuilder(
                            URI.create(world.partnerCenterEmulator().baseUri() + "/_sandbox/microsoft/referrals"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(fields)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return JSON.readTree(response.body()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
