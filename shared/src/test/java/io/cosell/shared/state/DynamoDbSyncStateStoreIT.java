package io.cosell.shared.state;

import io.cosell.shared.testsupport.LocalDynamoDb;
import io.cosell.shared.testsupport.MutableClock;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbSyncStateStoreIT {

    private static final String TABLE = "sync-state-it";
    private static DynamoDbClient dynamoDb;
    // Real time, not a fixed date: DynamoDB Local deletes items whose TTL lies in the past, which would make leases,
    // dedupe keys and log entries written "in 2025" vanish under the tests at random.
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static DynamoDbSyncStateStore store;

    @BeforeAll
    static void createTable() {
        dynamoDb = LocalDynamoDb.client();
        SyncStateTable.createIfMissing(dynamoDb, TABLE);
        store = new DynamoDbSyncStateStore(dynamoDb, TABLE, clock, Duration.ofDays(30));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Runs {@code task} on {@code threads} threads released together; returns each thread's result. */
    private static <T> List<T> race(int threads, Function<Integer, T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<T>> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            callers.add(() -> {
                start.await();
                return task.apply(index);
            });
        }
        List<T> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = callers.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
        }
        return results;
    }

    // ---- table -------------------------------------------------------------------------------------------------

    @Test
    void table_has_the_documented_key_schema_and_creating_it_again_is_harmless() {
        // when
        SyncStateTable.createIfMissing(dynamoDb, TABLE);

        // then
        var table = dynamoDb.describeTable(b -> b.tableName(TABLE)).table();
        assertThat(table.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("pk:HASH", "sk:RANGE");
    }

    // ---- links -------------------------------------------------------------------------------------------------

    @Test
    void link_is_found_from_both_sides() {
        // given
        String referral = unique("ref");
        CrmRecordRef opportunity = new CrmRecordRef("opportunities", UUID.randomUUID().toString());

        // when
        boolean linked = store.link(referral, opportunity);

        // then
        assertThat(linked).isTrue();
        assertThat(store.linkByReferral(referral)).get().extracting(ReferralLink::crmRecord).isEqualTo(opportunity);
        assertThat(store.linkByCrmRecord(opportunity)).get().extracting(ReferralLink::referralId).isEqualTo(referral);
        assertThat(store.linkByReferral(unique("other"))).isEmpty();
    }

    @Test
    void linking_the_same_pair_again_is_idempotent() {
        // given
        String referral = unique("ref");
        CrmRecordRef opportunity = new CrmRecordRef("opportunities", UUID.randomUUID().toString());
        store.link(referral, opportunity);

        // when / then
        assertThat(store.link(referral, opportunity)).isTrue();
    }

    @Test
    void link_transaction_writes_neither_side_when_one_side_is_taken() {
        // given referral A ⇄ opportunity X
        String referralA = unique("ref");
        CrmRecordRef opportunityX = new CrmRecordRef("opportunities", UUID.randomUUID().toString());
        store.link(referralA, opportunityX);
        String referralB = unique("ref");
        CrmRecordRef opportunityY = new CrmRecordRef("opportunities", UUID.randomUUID().toString());

        // when
        boolean referralTaken = store.link(referralA, opportunityY);
        boolean opportunityTaken = store.link(referralB, opportunityX);

        // then: no half-written links
        assertThat(referralTaken).isFalse();
        assertThat(opportunityTaken).isFalse();
        assertThat(store.linkByCrmRecord(opportunityY)).isEmpty();
        assertThat(store.linkByReferral(referralB)).isEmpty();
        assertThat(store.linkByReferral(referralA)).get().extracting(ReferralLink::crmRecord).isEqualTo(opportunityX);
    }

    @Test
    void relink_moves_a_referral_from_its_lead_to_its_opportunity() {
        // given referral ⇄ lead
        String referral = unique("ref");
        CrmRecordRef lead = new CrmRecordRef("leads", UUID.randomUUID().toString());
        CrmRecordRef opportunity = new CrmRecordRef("opportunities", UUID.randomUUID().toString());
        store.link(referral, lead);

        // when
        boolean moved = store.relink(referral, lead, opportunity);

        // then
        assertThat(moved).isTrue();
        assertThat(store.linkByReferral(referral)).get().extracting(ReferralLink::crmRecord).isEqualTo(opportunity);
        assertThat(store.linkByCrmRecord(opportunity)).get().extracting(ReferralLink::referralId).isEqualTo(referral);
        assertThat(store.linkByCrmRecord(lead)).isEmpty();
        assertThat(store.relink(referral, lead, opportunity)).as("already moved").isTrue();
    }

    @Test
    void relink_writes_nothing_when_the_referral_is_not_linked_to_the_old_record() {
        // given referral ⇄ lead X, and another referral ⇄ opportunity Y
        String referral = unique("ref");
        CrmRecordRef leadX = new CrmRecordRef("leads", UUID.randomUUID().toString());
        store.link(referral, leadX);
        CrmRecordRef opportunityY = new CrmRecordRef("opportunities", UUID.randomUUID().toString());
        store.link(unique("other"), opportunityY);
        CrmRecordRef otherLead = new CrmRecordRef("leads", UUID.randomUUID().toString());

        // when
        boolean fromWrongRecord = store.relink(referral, otherLead, new CrmRecordRef("opportunities", "z"));
        boolean toTakenRecord = store.relink(referral, leadX, opportunityY);

        // then
        assertThat(fromWrongRecord).isFalse();
        assertThat(toTakenRecord).isFalse();
        assertThat(store.linkByReferral(referral)).get().extracting(ReferralLink::crmRecord).isEqualTo(leadX);
        assertThat(store.linkByCrmRecord(leadX)).isPresent();
        assertThat(store.linkByCrmRecord(new CrmRecordRef("opportunities", "z"))).isEmpty();
    }

    // ---- snapshots ---------------------------------------------------------------------------------------------

    @Test
    void snapshot_round_trips_and_advances_its_revision() {
        // given
        String referral = unique("ref");
        SyncSnapshot first = new SyncSnapshot(referral, Map.of("dealValue", "1000", "notes", ""),
                Map.of("estimatedvalue", "1000"), "\"2500ec5a\"", Instant.parse("2025-03-05T14:02:10.7654321Z"),
                "W/\"12345\"", 0);

        // when
        boolean saved = store.saveSnapshot(first);

        // then
        assertThat(saved).isTrue();
        assertThat(store.snapshot(referral)).contains(first.saved());
        assertThat(store.snapshot(referral).orElseThrow().revision()).isEqualTo(1);
    }

    @Test
    void stale_snapshot_writer_is_rejected() {
        // given two writers that both read revision 1
        String referral = unique("ref");
        SyncSnapshot base = new SyncSnapshot(referral, Map.of("dealValue", "1000"), Map.of(), null, null, null, 0);
        store.saveSnapshot(base);
        SyncSnapshot read = store.snapshot(referral).orElseThrow();
        SyncSnapshot fromWebhook = new SyncSnapshot(referral, Map.of("dealValue", "2000"), Map.of(), null, null, null,
                read.revision());
        SyncSnapshot fromPoller = new SyncSnapshot(referral, Map.of("dealValue", "1500"), Map.of(), null, null, null,
                read.revision());

        // when
        boolean webhookSaved = store.saveSnapshot(fromWebhook);
        boolean pollerSaved = store.saveSnapshot(fromPoller);

        // then
        assertThat(webhookSaved).isTrue();
        assertThat(pollerSaved).isFalse();
        assertThat(store.snapshot(referral).orElseThrow().partnerCenterFields()).containsEntry("dealValue", "2000");
        assertThat(store.saveSnapshot(base)).as("a second 'first' snapshot").isFalse();
    }

    @Test
    void link_and_snapshot_are_read_together_and_each_may_be_missing() {
        // given one referral linked and synced, one linked only, one unknown
        String synced = unique("ref");
        String linkedOnly = unique("ref");
        CrmRecordRef opportunity = new CrmRecordRef("opportunities", unique("opp"));
        store.link(synced, opportunity);
        SyncSnapshot snapshot = new SyncSnapshot(synced, Map.of("dealValue", "1000"), Map.of("estimatedvalue", "1000"),
                "\"e1\"", Instant.parse("2025-03-05T14:02:10Z"), "W/\"7\"", 0);
        store.saveSnapshot(snapshot);
        store.link(linkedOnly, new CrmRecordRef("leads", unique("lead")));

        // when
        LinkAndSnapshot both = store.linkAndSnapshot(synced);
        LinkAndSnapshot linkOnly = store.linkAndSnapshot(linkedOnly);
        LinkAndSnapshot none = store.linkAndSnapshot(unique("ref"));

        // then
        assertThat(both.link()).isEqualTo(store.linkByReferral(synced));
        assertThat(both.link().orElseThrow().crmRecord()).isEqualTo(opportunity);
        assertThat(both.snapshot()).contains(snapshot.saved());
        assertThat(linkOnly.link()).isPresent();
        assertThat(linkOnly.snapshot()).isEmpty();
        assertThat(none.link()).isEmpty();
        assertThat(none.snapshot()).isEmpty();
    }

    @Test
    void links_and_snapshots_of_more_referrals_than_one_batch_get_holds_are_all_read_each_once() {
        // given 120 referrals (more than one BatchGetItem's 100 keys take): every third linked, every fifth synced
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = unique("ref" + i);
            ids.add(id);
            if (i % 3 == 0) {
                store.link(id, new CrmRecordRef("leads", unique("lead")));
            }
            if (i % 5 == 0) {
                store.saveSnapshot(new SyncSnapshot(id, Map.of("n", Integer.toString(i)), Map.of(), null, null, null, 0));
            }
        }
        List<String> asked = new ArrayList<>(ids);
        asked.add(ids.get(0));

        // when: one id twice, as a listing that pages over an equal timestamp may hold it
        Map<String, LinkAndSnapshot> known = store.linkAndSnapshots(asked);

        // then
        assertThat(known).containsOnlyKeys(ids);
        for (int i = 0; i < ids.size(); i++) {
            LinkAndSnapshot one = known.get(ids.get(i));
            assertThat(one.link()).as("link of " + i).isEqualTo(store.linkByReferral(ids.get(i)));
            assertThat(one.link().isPresent()).as("linked " + i).isEqualTo(i % 3 == 0);
            assertThat(one.snapshot().map(snapshot -> snapshot.partnerCenterFields().get("n")))
                    .as("snapshot of " + i).isEqualTo(i % 5 == 0 ? Optional.of(Integer.toString(i))
                            : Optional.empty());
        }
    }

    @Test
    void snapshot_and_its_log_entry_are_saved_together_or_not_at_all() {
        // given a snapshot at revision 1 and two writers that read it
        String referral = unique("ref");
        store.saveSnapshot(new SyncSnapshot(referral, Map.of("dealValue", "1000"), Map.of(), null, null, null, 0));
        long read = store.snapshot(referral).orElseThrow().revision();
        SyncLogEntry first = new SyncLogEntry(referral, clock.instant(), SyncDirection.PC_TO_CRM, List.of("dealValue"),
                SyncOutcome.SYNCED, "Deal value 2000.");
        SyncLogEntry second = new SyncLogEntry(referral, clock.instant().plusMillis(5), SyncDirection.PC_TO_CRM,
                List.of("dealValue"), SyncOutcome.SYNCED, "Deal value 1500.");

        // when
        boolean firstSaved = store.saveSnapshotAndLog(
                new SyncSnapshot(referral, Map.of("dealValue", "2000"), Map.of(), null, null, null, read), first);
        boolean secondSaved = store.saveSnapshotAndLog(
                new SyncSnapshot(referral, Map.of("dealValue", "1500"), Map.of(), null, null, null, read), second);

        // then
        assertThat(firstSaved).isTrue();
        assertThat(secondSaved).isFalse();
        assertThat(store.snapshot(referral).orElseThrow().partnerCenterFields()).containsEntry("dealValue", "2000");
        assertThat(store.recentLog(referral, 10)).as("the refused save wrote no log entry").containsExactly(first);
    }

    // ---- cursors -----------------------------------------------------------------------------------------------

    @Test
    void cursor_advances_from_nothing_and_rejects_a_stale_version() {
        // given
        String name = unique("crm-poller#opportunities");
        assertThat(store.cursor(name)).isEmpty();

        // when
        boolean firstAdvance = store.advance(name, 0, "https://org/api/data/v9.2/opportunities?$deltatoken=1");
        boolean secondAdvance = store.advance(name, 1, "https://org/api/data/v9.2/opportunities?$deltatoken=2");
        boolean staleAdvance = store.advance(name, 1, "https://org/api/data/v9.2/opportunities?$deltatoken=stale");
        boolean staleCreate = store.advance(name, 0, "again from nothing");

        // then
        assertThat(firstAdvance).isTrue();
        assertThat(secondAdvance).isTrue();
        assertThat(staleAdvance).isFalse();
        assertThat(staleCreate).isFalse();
        assertThat(store.cursor(name)).contains(
                new SyncCursor(name, "https://org/api/data/v9.2/opportunities?$deltatoken=2", 2));
    }

    // ---- leases ------------------------------------------------------------------------------------------------

    @Test
    void two_threads_racing_for_a_lease_exactly_one_wins() throws Exception {
        // given
        String lease = unique("crm-poller");

        // when
        List<Boolean> won = race(2, i -> store.tryAcquire(lease, "owner-" + i, Duration.ofMinutes(1)));

        // then
        assertThat(won).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void held_lease_is_refused_until_it_runs_out_then_taken_over() {
        // given
        String lease = unique("reconciler");
        store.tryAcquire(lease, "run-1", Duration.ofMinutes(1));

        // when / then
        assertThat(store.tryAcquire(lease, "run-2", Duration.ofMinutes(1))).isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(store.tryAcquire(lease, "run-2", Duration.ofMinutes(1))).isTrue();
        assertThat(store.renew(lease, "run-1", Duration.ofMinutes(1))).as("the old owner renews").isFalse();
    }

    @Test
    void renewed_lease_stays_with_its_owner() {
        // given
        String lease = unique("crm-poller");
        store.tryAcquire(lease, "run-1", Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(50));

        // when
        boolean renewed = store.renew(lease, "run-1", Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(50));

        // then: without the renewal it would have run out 40 s ago
        assertThat(renewed).isTrue();
        assertThat(store.tryAcquire(lease, "run-2", Duration.ofMinutes(1))).isFalse();
    }

    @Test
    void only_the_owner_releases_a_lease() {
        // given
        String lease = unique("crm-poller");
        store.tryAcquire(lease, "run-1", Duration.ofMinutes(5));

        // when
        boolean releasedByOther = store.release(lease, "run-2");
        boolean releasedByOwner = store.release(lease, "run-1");

        // then
        assertThat(releasedByOther).isFalse();
        assertThat(releasedByOwner).isTrue();
        assertThat(store.tryAcquire(lease, "run-2", Duration.ofMinutes(5))).isTrue();
    }

    // ---- dedupe ------------------------------------------------------------------------------------------------

    @Test
    void ten_concurrent_marks_of_one_key_exactly_one_is_first() throws Exception {
        // given
        String key = unique("referral-updated#42#2025-03-05T14:02:10Z");

        // when
        List<Boolean> first = race(10, i -> store.markIfFirst(key, Duration.ofHours(1)));

        // then
        assertThat(first).containsOnlyOnce(true).hasSize(10);
    }

    @Test
    void key_is_first_again_after_its_ttl_even_before_dynamodb_deletes_it() {
        // given
        String key = unique("event");
        store.markIfFirst(key, Duration.ofMinutes(10));

        // when / then
        assertThat(store.markIfFirst(key, Duration.ofMinutes(10))).isFalse();
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.markIfFirst(key, Duration.ofMinutes(10))).isTrue();
        var item = dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of(
                "pk", AttributeValue.fromS("DEDUPE#" + key),
                "sk", AttributeValue.fromS("DEDUPE")))).item();
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(10)).getEpochSecond());
    }

    @Test
    void unmarked_key_is_first_again_and_unmarking_an_absent_key_is_harmless() {
        // given
        String key = unique("referral-created#7#2025-03-05T14:02:10Z");
        store.markIfFirst(key, Duration.ofHours(1));

        // when
        store.unmark(key);
        store.unmark(unique("never-marked"));

        // then
        assertThat(store.markIfFirst(key, Duration.ofHours(1))).isTrue();
        assertThat(store.markIfFirst(key, Duration.ofHours(1))).isFalse();
    }

    // ---- sync log ----------------------------------------------------------------------------------------------

    @Test
    void recent_log_returns_the_newest_entries_first() {
        // given three entries, written out of order
        String referral = unique("ref");
        Instant t0 = clock.instant();
        SyncLogEntry created = new SyncLogEntry(referral, t0, SyncDirection.PC_TO_CRM,
                List.of("name", "dealValue"), SyncOutcome.SYNCED, "Opportunity created from the referral.");
        SyncLogEntry failed = new SyncLogEntry(referral, t0.plusMillis(1500), SyncDirection.CRM_TO_PC,
                List.of(), SyncOutcome.FAILED, "Customer account country code is missing.");
        SyncLogEntry unchanged = new SyncLogEntry(referral, t0.plusSeconds(60), SyncDirection.PC_TO_CRM,
                List.of(), SyncOutcome.NO_CHANGE, "Nothing changed.");
        store.append(unchanged);
        store.append(created);
        store.append(failed);
        store.saveSnapshot(new SyncSnapshot(referral, Map.of(), Map.of(), null, null, null, 0));

        // when
        List<SyncLogEntry> latestTwo = store.recentLog(referral, 2);

        // then
        assertThat(latestTwo).containsExactly(unchanged, failed);
        assertThat(store.recentLog(referral, 10)).containsExactly(unchanged, failed, created);
    }

    @Test
    void log_entries_expire_after_the_retention() {
        // given
        String referral = unique("ref");
        Instant at = clock.instant();
        store.append(new SyncLogEntry(referral, at, SyncDirection.PC_TO_CRM, List.of(), SyncOutcome.SKIPPED, "Closed."));

        // when
        var items = dynamoDb.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk",
                        AttributeValue.fromS("REFERRAL#" + referral))))
                .items();

        // then
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("sk").s()).startsWith("LOG#" + java.time.format.DateTimeFormatter
                    .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC).format(at) + "#");
            assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(at.plus(Duration.ofDays(30)).getEpochSecond()));
        });
    }

    @Test
    void a_pending_retry_is_recorded_replaced_and_cleared_per_sync() {
        // given
        CrmRecordRef opportunity = new CrmRecordRef("opportunities", unique("o"));
        String referral = unique("r");
        Instant first = clock.instant();

        // when
        store.recordPendingRetry(new PendingRetry(SyncDirection.CRM_TO_PC, null, opportunity, first, "throttled"));
        store.recordPendingRetry(new PendingRetry(SyncDirection.CRM_TO_PC, "r-linked", opportunity,
                first.plusSeconds(60), "still throttled"));
        store.recordPendingRetry(new PendingRetry(SyncDirection.PC_TO_CRM, referral, null, first, "unavailable"));

        // then: one entry per sync, the latest attempt's
        assertThat(store.pendingRetries(1000)).filteredOn(retry -> opportunity.equals(retry.crmRecord()))
                .singleElement().satisfies(retry -> {
                    assertThat(retry.at()).isEqualTo(first.plusSeconds(60));
                    assertThat(retry.referralId()).isEqualTo("r-linked");
                    assertThat(retry.reason()).isEqualTo("still throttled");
                });
        store.clearPendingRetry(SyncDirection.CRM_TO_PC, null, opportunity);
        assertThat(store.pendingRetries(1000)).extracting(PendingRetry::subject)
                .doesNotContain("opportunities#" + opportunity.id())
                .contains(referral);
        store.clearPendingRetry(SyncDirection.PC_TO_CRM, referral, null);
        assertThat(store.pendingRetries(1000)).extracting(PendingRetry::subject).doesNotContain(referral);
    }
}
