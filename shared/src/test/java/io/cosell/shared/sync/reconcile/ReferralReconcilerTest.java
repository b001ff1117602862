package io.cosell.shared.sync.reconcile;

import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.PendingRetry;
import io.cosell.shared.state.SyncCursor;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.testsupport.InMemorySyncStateStore;
import io.cosell.shared.testsupport.MutableClock;
import io.cosell.shared.usecase.ReconcileResult;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferralReconcilerTest {

    private static final Instant NOW = Instant.parse("2025-03-05T14:00:00Z");
    private static final CrmRecordRef LEAD = new CrmRecordRef("leads", "7d1c0f4e-0000-4000-8000-000000000001");

    private final ListedReferrals partnerCenter = new ListedReferrals();
    private final InMemorySyncStateStore state = new InMemorySyncStateStore();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<SyncMessage> sent = new CopyOnWriteArrayList<>();
    private volatile int failSendNumber = -1;
    private final SyncQueue queue = message -> {
        if (sent.size() + 1 == failSendNumber) {
            throw new IllegalStateException("SQS is unavailable");
        }
        sent.add(message);
    };

    private ReferralReconciler reconciler(Duration overlap, int pageSize) {
        return new ReferralReconciler(partnerCenter, state, queue, new ReconcilerSettings(Duration.ofMinutes(2),
                Duration.ofSeconds(45), overlap, Duration.ofDays(1), pageSize, 5000, Duration.ofHours(1),
                Duration.ofMinutes(15)), clock);
    }

    private ReferralReconciler reconciler() {
        return reconciler(Duration.ofMinutes(5), 100);
    }

    private void synced(String referralId, String eTag) {
        state.link(referralId, LEAD);
        state.saveSnapshot(new SyncSnapshot(referralId, Map.of(), Map.of(), eTag, null, null, 0));
    }

    private List<String> queuedReferrals() {
        return sent.stream().map(SyncMessage::referralId).toList();
    }

    @Test
    void referrals_without_a_link_or_with_another_eTag_are_queued_and_those_in_sync_skipped() {
        // given
        partnerCenter.put("r-new", NOW.minusSeconds(300), "\"1\"");
        partnerCenter.put("r-changed", NOW.minusSeconds(200), "\"5\"");
        partnerCenter.put("r-in-sync", NOW.minusSeconds(100), "\"9\"");
        synced("r-changed", "\"4\"");
        synced("r-in-sync", "\"9\"");

        // when
        ReconcileResult result = reconciler().reconcile(NOW);

        // then
        assertThat(queuedReferrals()).containsExactly("r-new", "r-changed");
        assertThat(sent).allSatisfy(message -> {
            assertThat(message.direction()).isEqualTo(SyncDirection.PC_TO_CRM);
            assertThat(message.eventName()).isEqualTo(ReferralReconciler.EVENT_NAME);
        });
        assertThat(result).extracting(ReconcileResult::found, ReconcileResult::queued, ReconcileResult::inSync)
                .containsExactly(3, 2, 1);
        assertThat(result.message()).contains("found 3", "queued 2 (1 not in the CRM yet, 1 changed)",
                "skipped 1 as in sync");
        assertThat(state.cursor(ReferralReconciler.CURSOR)).map(SyncCursor::value)
                .contains(NOW.minusSeconds(100).toString());
    }

    @Test
    void the_first_run_lists_from_the_initial_lookback_minus_the_overlap() {
        // when
        reconciler().reconcile(NOW);

        // then
        assertThat(partnerCenter.queries.getFirst().filter())
                .contains("updatedDateTime ge " + NOW.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(5)));
    }

    @Test
    void a_change_listed_late_with_an_older_timestamp_is_found_within_the_overlap() {
        // given a first run that moved the cursor to 13:59
        partnerCenter.put("r-early", NOW.minusSeconds(60), "\"1\"");
        reconciler().reconcile(NOW);
        sent.clear();
        // and a change Partner Center lists only now, stamped 13:57 (clock skew, a slow index)
        partnerCenter.put("r-late", NOW.minusSeconds(180), "\"1\"");

        // when
        reconciler().reconcile(NOW.plusSeconds(30));

        // then
        assertThat(queuedReferrals()).containsExactly("r-late");
    }

    @Test
    void without_an_overlap_the_late_change_would_be_lost() {
        // given the same as above, with no overlap
        partnerCenter.put("r-early", NOW.minusSeconds(60), "\"1\"");
        reconciler(Duration.ZERO, 100).reconcile(NOW);
        sent.clear();
        partnerCenter.put("r-late", NOW.minusSeconds(180), "\"1\"");

        // when
        reconciler(Duration.ZERO, 100).reconcile(NOW.plusSeconds(30));

        // then: this is what the overlap is for
        assertThat(queuedReferrals()).isEmpty();
    }

    @Test
    void more_equal_timestamps_than_a_page_holds_are_all_read() {
        // given five referrals changed in the same instant, two per page
        Instant same = NOW.minusSeconds(10);
        for (int i = 1; i <= 5; i++) {
            partnerCenter.put("r-" + i, same, "\"1\"");
        }
        partnerCenter.put("r-after", NOW.minusSeconds(5), "\"1\"");

        // when
        ReconcileResult result = reconciler(Duration.ofMinutes(5), 2).reconcile(NOW);

        // then
        assertThat(queuedReferrals()).containsExactlyInAnyOrder("r-1", "r-2", "r-3", "r-4", "r-5", "r-after");
        assertThat(result.found()).isEqualTo(6);
    }

    @Test
    void a_referral_changed_at_the_cursor_instant_is_read_again_and_skipped_when_in_sync() {
        // given
        partnerCenter.put("r-1", NOW.minusSeconds(60), "\"1\"");
        reconciler().reconcile(NOW);
        synced("r-1", "\"1\"");
        partnerCenter.put("r-2", NOW.minusSeconds(60), "\"1\"");
        sent.clear();

        // when
        ReconcileResult result = reconciler().reconcile(NOW.plusSeconds(30));

        // then
        assertThat(queuedReferrals()).containsExactly("r-2");
        assertThat(result.inSync()).isEqualTo(1);
    }

    @Test
    void a_version_still_waiting_in_the_queue_is_not_queued_again() {
        // given
        partnerCenter.put("r-1", NOW.minusSeconds(60), "\"1\"");
        reconciler().reconcile(NOW);

        // when the mapper has not synced it yet
        ReconcileResult second = reconciler().reconcile(NOW.plusSeconds(30));

        // then
        assertThat(queuedReferrals()).containsExactly("r-1");
        assertThat(second.alreadyQueued()).isEqualTo(1);
    }

    @Test
    void a_failed_send_leaves_the_cursor_where_it_was_and_the_next_run_queues_what_was_missed() {
        // given
        partnerCenter.put("r-1", NOW.minusSeconds(60), "\"1\"");
        partnerCenter.put("r-2", NOW.minusSeconds(30), "\"1\"");
        failSendNumber = 2;

        // when
        assertThatThrownBy(() -> reconciler().reconcile(NOW)).hasMessageContaining("SQS is unavailable");

        // then
        assertThat(state.cursor(ReferralReconciler.CURSOR)).isEmpty();
        failSendNumber = -1;
        reconciler().reconcile(NOW.plusSeconds(30));
        assertThat(queuedReferrals()).containsExactly("r-1", "r-2");
        assertThat(state.cursor(ReferralReconciler.CURSOR)).map(SyncCursor::version).contains(1L);
    }

    @Test
    void while_another_run_holds_the_lease_nothing_is_listed_or_queued() {
        // given
        partnerCenter.put("r-1", NOW.minusSeconds(60), "\"1\"");
        state.holdLease(ReferralReconciler.LEASE, "another run");

        // when
        ReconcileResult result = reconciler().reconcile(NOW);

        // then
        assertThat(partnerCenter.queries).isEmpty();
        assertThat(sent).isEmpty();
        assertThat(result.message()).contains("holds the lease");
        assertThat(state.cursor(ReferralReconciler.CURSOR)).isEmpty();
    }

    @Test
    void the_cursor_advances_version_by_version() {
        // given
        partnerCenter.put("r-1", NOW.minusSeconds(60), "\"1\"");
        reconciler().reconcile(NOW);
        partnerCenter.put("r-2", NOW.plusSeconds(10), "\"1\"");

        // when
        reconciler().reconcile(NOW.plusSeconds(30));

        // then
        assertThat(state.cursor(ReferralReconciler.CURSOR)).contains(
                new SyncCursor(ReferralReconciler.CURSOR, NOW.plusSeconds(10).toString(), 2));
    }

    @Test
    void a_sync_that_last_failed_retryably_is_queued_again_once_the_queue_has_given_up_on_it() {
        // given an opportunity whose outbound sync was throttled 20 minutes ago, and a referral 5 minutes ago
        CrmRecordRef opportunity = new CrmRecordRef("opportunities", "0f8fad5b-d9cb-469f-a165-70867728950e");
        state.recordPendingRetry(new PendingRetry(SyncDirection.CRM_TO_PC, null, opportunity,
                NOW.minus(Duration.ofMinutes(20)), "throttled"));
        state.recordPendingRetry(new PendingRetry(SyncDirection.PC_TO_CRM, "r-recent", null,
                NOW.minus(Duration.ofMinutes(5)), "throttled"));

        // when
        ReconcileResult first = reconciler().reconcile(NOW);
        ReconcileResult second = reconciler().reconcile(NOW.plusSeconds(30));

        // then: the old one once, the recent one not yet (the queue is still retrying it)
        assertThat(sent).singleElement().satisfies(message -> {
            assertThat(message.direction()).isEqualTo(SyncDirection.CRM_TO_PC);
            assertThat(message.crmRecord()).isEqualTo(opportunity);
            assertThat(message.eventName()).isEqualTo(ReferralReconciler.RETRY_EVENT_NAME);
        });
        assertThat(first.retried()).isEqualTo(1);
        assertThat(second.retried()).isZero();
    }
}
