package io.cosell.shared.sync.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.crm.CrmRecord;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.crm.HttpDataverseClient;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.MutableClock;
import io.cosell.shared.testsupport.QueueDrain;
import io.cosell.shared.testsupport.SandboxTokens;
import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.usecase.PollResult;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CRM poller against the Dataverse emulator (tokens from the Entra emulator), DynamoDB Local and ElasticMQ.
 * Every test has its own table and queue; the emulator is reset before each.
 */
class ChangeTrackingCrmPollIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SCHEDULED = Instant.parse("2025-03-05T14:00:00Z");

    private static EntraEmulator entra;
    private static DataverseEmulator dataverse;
    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;
    private static HttpDataverseClient crm;

    private SyncStateStore state;
    private String queueUrl;
    private SyncQueue queue;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
        elasticMq = ElasticMqServer.start(0, List.of());
        sqs = AwsClients.sqs(AwsClientSettings.local(elasticMq.endpoint()));
        crm = client(100);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
        dataverse.close();
        entra.close();
    }

    @BeforeEach
    void freshStateAndLogCapture() {
        freshState();
        Logger.getLogger("io.cosell.shared.sync.poll").addHandler(logCapture);
    }

    /** An empty CRM, table and queue. */
    private void freshState() {
        dataverse.reset();
        String table = "poller-" + UUID.randomUUID();
        SyncStateTable.createIfMissing(LocalDynamoDb.client(), table);
        state = new DynamoDbSyncStateStore(LocalDynamoDb.client(), table);
        queueUrl = sqs.createQueue(b -> b.queueName("poller-" + UUID.randomUUID())).queueUrl();
        queue = new SqsSyncQueue(sqs, queueUrl, TestJson.MAPPER);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("io.cosell.shared.sync.poll").removeHandler(logCapture);
    }

    // ---- the core cases, in both modes ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void first_run_queues_the_opportunities_with_sync_yes_only(ChangeDetection mode) {
        // given
        UUID plain = opportunity("Fabrikam rollout", true, null);
        UUID referred = opportunity("Contoso migration", true, "REF-1");
        opportunity("Internal deal", false, null);
        CrmPoller poller = poller(mode);

        // when
        PollReport report = poller.run(SCHEDULED);

        // then
        List<SyncMessage> messages = drain();
        assertThat(messages).extracting(m -> m.crmRecord().id())
                .containsExactlyInAnyOrder(plain.toString(), referred.toString());
        SyncMessage referredMessage = messages.stream()
                .filter(m -> m.crmRecord().id().equals(referred.toString())).findFirst().orElseThrow();
        CrmRecord row = crm.get(EntitySet.OPPORTUNITIES, referred, List.of("modifiedon")).orElseThrow();
        assertThat(referredMessage.direction()).isEqualTo(SyncDirection.CRM_TO_PC);
        assertThat(referredMessage.referralId()).isEqualTo("REF-1");
        assertThat(referredMessage.crmRecord()).isEqualTo(new CrmRecordRef("opportunities", referred.toString()));
        assertThat(referredMessage.eventName()).isEqualTo("crm-opportunity-changed");
        assertThat(referredMessage.changeDate()).isEqualTo(Instant.parse(row.text("modifiedon").orElseThrow()));
        assertThat(referredMessage.dedupeKey()).startsWith("crm-opportunity#" + referred + "@");
        assertThat(report.sent()).isEqualTo(2);
        assertThat(poller.run(SCHEDULED.plusSeconds(60)).sent()).isZero();
        assertThat(drain()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void an_edit_gives_exactly_one_message_next_run(ChangeDetection mode) {
        // given
        UUID edited = opportunity("Fabrikam rollout", true, null);
        opportunity("Contoso migration", true, null);
        UUID notSynced = opportunity("Internal deal", false, null);
        CrmPoller poller = poller(mode);
        poller.run(SCHEDULED);
        drain();
        update(edited, "estimatedvalue", 1000);
        update(edited, "description", "second edit before the next poll");
        update(notSynced, "description", "not for Partner Center");

        // when
        poller.run(SCHEDULED.plusSeconds(60));

        // then
        assertThat(drain()).extracting(m -> m.crmRecord().id()).containsExactly(edited.toString());
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void a_solution_row_added_queues_its_opportunity(ChangeDetection mode) {
        // given
        UUID opportunity = opportunity("Fabrikam rollout", true, "REF-2");
        opportunity("Contoso migration", true, null);
        CrmPoller poller = poller(mode);
        poller.run(SCHEDULED);
        drain();

        // when
        solution(opportunity, "SOL-1");
        poller.run(SCHEDULED.plusSeconds(60));

        // then
        List<SyncMessage> messages = drain();
        assertThat(messages).extracting(m -> m.crmRecord().id()).containsExactly(opportunity.toString());
        assertThat(messages.getFirst().referralId()).isEqualTo("REF-2");
        assertThat(messages.getFirst().dedupeKey()).contains("+solutions@");
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void an_opportunity_changed_directly_and_through_its_solutions_gets_one_message(ChangeDetection mode) {
        // given
        UUID opportunity = opportunity("Fabrikam rollout", true, null);
        CrmPoller poller = poller(mode);
        poller.run(SCHEDULED);
        drain();

        // when
        update(opportunity, "description", "now with two solutions");
        solution(opportunity, "SOL-1");
        solution(opportunity, "SOL-2");
        poller.run(SCHEDULED.plusSeconds(60));

        // then
        assertThat(drain()).extracting(m -> m.crmRecord().id()).containsExactly(opportunity.toString());
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void a_crash_between_queueing_and_the_cursor_write_neither_loses_nor_repeats(ChangeDetection mode) {
        // given
        UUID first = opportunity("Fabrikam rollout", true, null);
        UUID second = opportunity("Contoso migration", true, null);
        CrmPoller crashing = new CrmPoller(crm, failingOn("advance", state), queue, settings(mode), Clock.systemUTC(), TestJson.MAPPER);
        assertThatThrownBy(() -> crashing.run(SCHEDULED)).hasMessageContaining("crash before the cursor write");
        List<SyncMessage> beforeCrash = drain();
        CrmPoller poller = poller(mode);

        // when
        PollReport rerun = poller.run(SCHEDULED.plusSeconds(60));
        update(first, "description", "edited after the crash");
        poller.run(SCHEDULED.plusSeconds(120));

        // then
        assertThat(beforeCrash).extracting(m -> m.crmRecord().id())
                .containsExactlyInAnyOrder(first.toString(), second.toString());
        assertThat(rerun.sent()).isZero();
        assertThat(rerun.alreadySent()).isEqualTo(2);
        assertThat(drain()).extracting(m -> m.crmRecord().id()).containsExactly(first.toString());
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void a_failed_send_is_unmarked_and_sent_by_the_next_run(ChangeDetection mode) {
        // given
        opportunity("Fabrikam rollout", true, null);
        opportunity("Contoso migration", true, null);
        AtomicInteger sends = new AtomicInteger();
        SyncQueue failsSecondSend = message -> {
            if (sends.incrementAndGet() == 2) {
                throw new IllegalStateException("queue unavailable");
            }
            queue.send(message);
        };
        assertThatThrownBy(() -> new CrmPoller(crm, state, failsSecondSend, settings(mode), Clock.systemUTC(), TestJson.MAPPER)
                .run(SCHEDULED)).hasMessageContaining("queue unavailable");

        // when
        PollReport rerun = poller(mode).run(SCHEDULED.plusSeconds(60));

        // then
        assertThat(rerun.sent()).isEqualTo(1);
        assertThat(rerun.alreadySent()).isEqualTo(1);
        assertThat(drain()).extracting(m -> m.crmRecord().id()).doesNotHaveDuplicates().hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void a_row_equal_to_its_snapshot_is_an_echo_and_a_real_edit_is_not(ChangeDetection mode) {
        // given
        UUID opportunity = opportunity("Contoso migration", true, "REF-3");
        update(opportunity, "estimatedvalue", 50000);
        update(opportunity, "estimatedclosedate", "2025-06-30");
        CrmPoller poller = poller(mode);
        poller.run(SCHEDULED);
        drain();
        state.saveSnapshot(snapshotAsTheConnectorWroteIt("REF-3", opportunity));
        update(opportunity, "name", "✔ Contoso migration");

        // when
        PollReport echo = poller.run(SCHEDULED.plusSeconds(60));
        List<SyncMessage> afterEcho = drain();
        update(opportunity, "estimatedvalue", 60000);
        PollReport edit = poller.run(SCHEDULED.plusSeconds(120));

        // then
        assertThat(afterEcho).isEmpty();
        assertThat(echo.echoes()).isEqualTo(1);
        assertThat(edit.echoes()).isZero();
        assertThat(drain()).extracting(m -> m.crmRecord().id()).containsExactly(opportunity.toString());
    }

    // ---- change tracking only -------------------------------------------------------------------------------------

    @Test
    void a_deleted_solution_row_queues_the_opportunity_it_belonged_to() {
        // given
        UUID opportunity = opportunity("Fabrikam rollout", true, null);
        UUID row = solution(opportunity, "SOL-1");
        CrmPoller poller = poller(ChangeDetection.CHANGE_TRACKING);
        poller.run(SCHEDULED);
        drain();

        // when
        crm.delete(EntitySet.SOLUTIONS, row);
        poller.run(SCHEDULED.plusSeconds(60));

        // then
        assertThat(drain()).extracting(m -> m.crmRecord().id()).containsExactly(opportunity.toString());
    }

    @Test
    void a_deleted_opportunity_is_logged_not_queued() {
        // given
        UUID opportunity = opportunity("Fabrikam rollout", true, "REF-4");
        state.link("REF-4", new CrmRecordRef("opportunities", opportunity.toString()));
        CrmPoller poller = poller(ChangeDetection.CHANGE_TRACKING);
        poller.run(SCHEDULED);
        drain();

        // when
        crm.delete(EntitySet.OPPORTUNITIES, opportunity);
        PollReport report = poller.run(SCHEDULED.plusSeconds(60));

        // then
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(drain()).isEmpty();
        assertThat(messagesLogged()).anySatisfy(line -> assertThat(line)
                .contains(opportunity.toString()).contains("REF-4").contains("Partner Center has no delete"));
    }

    @Test
    void two_runs_started_together_one_does_the_work_and_the_other_exits_at_once() throws Exception {
        // given
        opportunity("Fabrikam rollout", true, null);
        CountDownLatch gate = new CountDownLatch(1);
        DataverseClient gated = intercepting(crm, "changesPage", () -> gate.await(10, TimeUnit.SECONDS));
        CrmPoller poller = new CrmPoller(gated, state, queue, settings(ChangeDetection.CHANGE_TRACKING),
                Clock.systemUTC(), TestJson.MAPPER);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletionService<PollReport> runs = new ExecutorCompletionService<>(threads);

        // when
        runs.submit(() -> poller.run(SCHEDULED));
        runs.submit(() -> poller.run(SCHEDULED));
        Future<PollReport> firstDone = runs.poll(10, TimeUnit.SECONDS);
        gate.countDown();
        Future<PollReport> secondDone = runs.poll(10, TimeUnit.SECONDS);
        threads.shutdown();

        // then
        assertThat(firstDone).as("one run returns while the other is still reading").isNotNull();
        assertThat(firstDone.get().leaseBusy()).isTrue();
        assertThat(firstDone.get().toPollResult()).isEqualTo(new PollResult(0,
                "another poll run holds the lease: nothing done"));
        assertThat(secondDone.get().leaseBusy()).isFalse();
        assertThat(secondDone.get().sent()).isEqualTo(1);
        assertThat(drain()).hasSize(1);
    }

    @Test
    void an_expired_token_starts_a_logged_full_resync_then_deltas_resume() throws Exception {
        // given
        UUID edited = opportunity("Fabrikam rollout", true, null);
        UUID unchanged = opportunity("Contoso migration", true, null);
        CrmPoller poller = poller(ChangeDetection.CHANGE_TRACKING);
        poller.run(SCHEDULED);
        drain();
        expireChangeTrackingTokens();
        update(edited, "description", "edited while the token expired");

        // when
        PollReport resync = poller.run(SCHEDULED.plusSeconds(60));
        List<SyncMessage> afterResync = drain();
        update(unchanged, "description", "edited after the resync");
        PollReport delta = poller.run(SCHEDULED.plusSeconds(120));

        // then
        assertThat(resync.resyncs()).containsExactly("opportunities", "cosell_solutions", "leads");
        assertThat(resync.toPollResult().message()).contains("full resync of opportunities");
        assertThat(messagesLogged()).anySatisfy(line -> assertThat(line)
                .contains("change-tracking token of opportunities has expired").contains("full resync"));
        assertThat(afterResync).extracting(m -> m.crmRecord().id()).containsExactly(edited.toString());
        assertThat(resync.alreadySent()).isEqualTo(1);
        assertThat(delta.resyncs()).isEmpty();
        assertThat(drain()).extracting(m -> m.crmRecord().id()).containsExactly(unchanged.toString());
    }

    @Test
    void a_full_load_larger_than_the_row_limit_continues_over_several_runs() {
        // given
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(opportunity("Deal " + i, true, null).toString());
        }
        CrmPoller poller = new CrmPoller(client(2), state, queue,
                settings(ChangeDetection.CHANGE_TRACKING).withMaxRowsPerRun(2), Clock.systemUTC(), TestJson.MAPPER);

        // when
        PollReport first = poller.run(SCHEDULED);
        PollReport second = poller.run(SCHEDULED.plusSeconds(60));
        PollReport third = poller.run(SCHEDULED.plusSeconds(120));
        PollReport fourth = poller.run(SCHEDULED.plusSeconds(180));

        // then
        assertThat(List.of(first.sent(), second.sent(), third.sent(), fourth.sent())).containsExactly(2, 2, 1, 0);
        assertThat(first.notes()).contains("full load of opportunities continues next run");
        assertThat(drain()).extracting(m -> m.crmRecord().id()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void a_run_stops_reading_at_half_its_time_limit_and_the_next_run_goes_on() {
        // given
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(opportunity("Deal " + i, true, null).toString());
        }
        CrmPollSettings settings = settings(ChangeDetection.CHANGE_TRACKING);
        MutableClock clock = new MutableClock(SCHEDULED);
        DataverseClient slow = intercepting(client(2), "changesPage",
                () -> clock.advance(settings.runTimeLimit().dividedBy(2)));
        CrmPoller poller = new CrmPoller(slow, state, queue, settings, clock, TestJson.MAPPER);

        // when
        PollReport first = poller.run(SCHEDULED);
        List<SyncMessage> firstMessages = drain();
        poller.run(SCHEDULED.plusSeconds(60));

        // then
        assertThat(firstMessages).hasSize(2);
        assertThat(first.notes()).contains("full load of opportunities continues next run",
                "cosell_solutions not read: this run's row or time budget is used up");
        assertThat(drain()).extracting(m -> m.crmRecord().id())
                .containsExactly(all.stream().filter(id -> firstMessages.stream()
                        .noneMatch(m -> m.crmRecord().id().equals(id))).toArray(String[]::new));
    }

    @Test
    void a_run_that_reaches_its_time_limit_while_queueing_keeps_its_cursors_and_the_next_run_finishes() {
        // given
        opportunity("Fabrikam rollout", true, null);
        opportunity("Contoso migration", true, null);
        CrmPollSettings settings = settings(ChangeDetection.CHANGE_TRACKING);
        MutableClock clock = new MutableClock(SCHEDULED);
        SyncQueue slowQueue = message -> {
            queue.send(message);
            clock.advance(settings.runTimeLimit());
        };

        // when
        PollReport cut = new CrmPoller(crm, state, slowQueue, settings, clock, TestJson.MAPPER).run(SCHEDULED);
        PollReport next = poller(ChangeDetection.CHANGE_TRACKING).run(SCHEDULED.plusSeconds(60));

        // then
        assertThat(cut.sent()).isEqualTo(1);
        assertThat(cut.notes()).anySatisfy(note -> assertThat(note).contains("run time limit reached"));
        assertThat(state.cursor("crm-poller#opportunities").orElseThrow().version()).isEqualTo(1);
        assertThat(next.sent()).isEqualTo(1);
        assertThat(next.alreadySent()).isEqualTo(1);
        assertThat(drain()).extracting(m -> m.crmRecord().id()).doesNotHaveDuplicates().hasSize(2);
    }

    // ---- leads that answer a referral ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void a_lead_answering_its_referral_is_queued_once_and_other_lead_changes_are_not(ChangeDetection mode) {
        // given
        UUID answered = lead("Contoso referral", "REF-7", null);
        UUID unanswered = lead("Fabrikam referral", "REF-8", null);
        UUID ownLead = lead("Walk-in prospect", null, 100000000);
        CrmPoller poller = poller(mode);
        PollReport initial = poller.run(SCHEDULED);
        updateLead(answered, "cosell_referralresponse", 100000001);
        updateLead(answered, "cosell_declinereason", "No capacity this quarter");
        updateLead(unanswered, "subject", "Fabrikam referral (called back)");
        updateLead(ownLead, "subject", "Walk-in prospect (qualified later)");

        // when
        PollReport report = poller.run(SCHEDULED.plusSeconds(60));
        List<SyncMessage> messages = drain();
        PollReport again = poller.run(SCHEDULED.plusSeconds(120));

        // then
        assertThat(initial.sent()).isZero();
        CrmRecord row = crm.get(EntitySet.LEADS, answered, List.of("modifiedon")).orElseThrow();
        assertThat(messages).singleElement().satisfies(message -> {
            assertThat(message.direction()).isEqualTo(SyncDirection.CRM_TO_PC);
            assertThat(message.referralId()).isEqualTo("REF-7");
            assertThat(message.crmRecord()).isEqualTo(new CrmRecordRef("leads", answered.toString()));
            assertThat(message.eventName()).isEqualTo("crm-lead-answered");
            assertThat(message.changeDate()).isEqualTo(Instant.parse(row.text("modifiedon").orElseThrow()));
            assertThat(message.dedupeKey()).isEqualTo("crm-lead#" + answered + "@" + row.etag().replaceAll("[W/\"]", ""));
        });
        assertThat(report.sent()).isEqualTo(1);
        assertThat(again.sent()).isZero();
        assertThat(drain()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void a_crash_before_the_lead_cursor_write_neither_loses_nor_repeats_the_answer(ChangeDetection mode) {
        // given
        UUID lead = lead("Contoso referral", "REF-7", null);
        poller(mode).run(SCHEDULED);
        updateLead(lead, "cosell_referralresponse", 100000000);
        CrmPoller crashing = new CrmPoller(crm, failingOn("advance", state), queue, settings(mode), Clock.systemUTC(), TestJson.MAPPER);
        assertThatThrownBy(() -> crashing.run(SCHEDULED.plusSeconds(60))).hasMessageContaining("crash before the cursor write");
        List<SyncMessage> beforeCrash = drain();

        // when
        PollReport rerun = poller(mode).run(SCHEDULED.plusSeconds(120));

        // then
        assertThat(beforeCrash).extracting(m -> m.crmRecord().id()).containsExactly(lead.toString());
        assertThat(rerun.sent()).isZero();
        assertThat(rerun.alreadySent()).isEqualTo(1);
        assertThat(drain()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChangeDetection.class)
    void a_poll_run_costs_the_same_dataverse_requests_for_one_changed_opportunity_as_for_ten(ChangeDetection mode)
            throws Exception {
        // when
        long forOne = requestsOfARunThatFinds(1, mode);
        long forTen = requestsOfARunThatFinds(10, mode);

        // then
        assertThat(forTen).as("requests for 10 changed opportunities (%s)", mode).isEqualTo(forOne);
        assertThat(forOne).isLessThanOrEqualTo(3);
    }

    /** Dataverse requests of the run that finds {@code n} changed opportunities among 20 steady ones. */
    private long requestsOfARunThatFinds(int n, ChangeDetection mode) throws Exception {
        freshState();
        for (int i = 0; i < 20; i++) {
            solution(opportunity("Steady deal " + i, true, null), "SOL-" + i);
        }
        List<UUID> changing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            changing.add(opportunity("Changing deal " + i, true, null));
        }
        CrmPoller poller = poller(mode);
        poller.run(SCHEDULED);
        drain();
        changing.forEach(id -> update(id, "description", "changed"));
        long before = requestCount();
        PollReport report = poller.run(SCHEDULED.plusSeconds(60));
        assertThat(report.sent()).isEqualTo(n);
        return requestCount() - before;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static HttpDataverseClient client(int pageSize) {
        ApiHttpClient http = new ApiHttpClient(ApiHttpClient.defaultHttpClient(),
                SandboxTokens.clientCredentials(entra, dataverse.scope()),
                new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofSeconds(10)),
                Duration.ofSeconds(10), TestJson.MAPPER);
        return new HttpDataverseClient(http, dataverse.apiRoot(), pageSize, TestJson.MAPPER);
    }

    private static CrmPollSettings settings(ChangeDetection mode) {
        return CrmPollSettings.defaults().withMode(mode);
    }

    private CrmPoller poller(ChangeDetection mode) {
        return new CrmPoller(crm, state, queue, settings(mode), Clock.systemUTC(), TestJson.MAPPER);
    }

    private static UUID opportunity(String name, boolean sync, String referralId) {
        ObjectNode fields = JSON.createObjectNode()
                .put("name", name)
                .put("cosell_syncwithpartnercenter", sync);
        if (referralId != null) {
            fields.put("cosell_referralid", referralId);
        }
        return crm.create(EntitySet.OPPORTUNITIES, fields);
    }

    private static UUID lead(String subject, String referralId, Integer response) {
        ObjectNode fields = JSON.createObjectNode().put("subject", subject);
        if (referralId != null) {
            fields.put("cosell_referralid", referralId);
        }
        if (response != null) {
            fields.put("cosell_referralresponse", response);
        }
        return crm.create(EntitySet.LEADS, fields);
    }

    private static void updateLead(UUID lead, String column, Object value) {
        crm.update(EntitySet.LEADS, lead, JSON.createObjectNode().set(column, JSON.valueToTree(value)), Optional.empty());
    }

    private static UUID solution(UUID opportunity, String solutionId) {
        return crm.create(EntitySet.SOLUTIONS, JSON.createObjectNode()
                .put("cosell_solutionid", solutionId)
                .put("cosell_name", "Solution " + solutionId)
                .put("cosell_opportunityid@odata.bind", "/opportunities(" + opportunity + ")"));
    }

    private static void update(UUID opportunity, String column, Object value) {
        crm.update(EntitySet.OPPORTUNITIES, opportunity, JSON.createObjectNode().set(column, JSON.valueToTree(value)),
                Optional.empty());
    }

    /**
     * The snapshot as the inbound sync leaves it: JSON text per column, the name without its sync mark, the deal
     * value with decimals, the close date as a date-time; columns without a value left out.
     */
    private static SyncSnapshot snapshotAsTheConnectorWroteIt(String referralId, UUID opportunity) {
        CrmRecord row = crm.get(EntitySet.OPPORTUNITIES, opportunity, CrmPollSettings.DEFAULT_WATCHED_COLUMNS)
                .orElseThrow();
        Map<String, String> fields = new HashMap<>();
        CrmPollSettings.DEFAULT_WATCHED_COLUMNS.stream()
                .filter(column -> !row.fields().path(column).isNull())
                .forEach(column -> fields.put(column, row.fields().get(column).toString()));
        fields.put("name", "\"Contoso migration\"");
        fields.put("estimatedvalue", "50000.00");
        fields.put("estimatedclosedate", "\"2025-06-30T00:00:00Z\"");
        return new SyncSnapshot(referralId, Map.of(), fields, null, null, row.etag(), 0);
    }

    private static void expireChangeTrackingTokens() throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(dataverse.baseUri() + "/_sandbox/change-tracking/expire"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(204);
    }

    private static long requestCount() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(dataverse.baseUri() + "/_sandbox/requests/count")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("total").asLong();
    }

    /** Every message on this test's queue, received and deleted. */
    private List<SyncMessage> drain() {
        return QueueDrain.drain(sqs, queueUrl);
    }

    private List<String> messagesLogged() {
        synchronized (logged) {
            return logged.stream()
                    .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                    .toList();
        }
    }

    /** The store, except that {@code method} fails as a crash there would. */
    private static SyncStateStore failingOn(String method, SyncStateStore store) {
        return (SyncStateStore) Proxy.newProxyInstance(SyncStateStore.class.getClassLoader(),
                new Class<?>[] {SyncStateStore.class}, (proxy, called, args) -> {
                    if (called.getName().equals(method)) {
                        throw new IllegalStateException("crash before the cursor write");
                    }
                    return forward(called, store, args);
                });
    }

    interface Interruption {
        void run() throws Exception;
    }

    /** The client, running {@code before} ahead of every call of {@code method}. */
    private static DataverseClient intercepting(DataverseClient client, String method, Interruption before) {
        return (DataverseClient) Proxy.newProxyInstance(DataverseClient.class.getClassLoader(),
                new Class<?>[] {DataverseClient.class}, (proxy, called, args) -> {
                    if (called.getName().equals(method)) {
                        before.run();
                    }
                    return forward(called, client, args);
                });
    }

    private static Object forward(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
