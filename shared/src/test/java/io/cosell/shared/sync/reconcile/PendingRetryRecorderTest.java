package io.cosell.shared.sync.reconcile;

import io.cosell.shared.state.PendingRetry;
import io.cosell.shared.sync.inbound.InboundOutcome;
import io.cosell.shared.sync.inbound.InboundResult;
import io.cosell.shared.sync.inbound.InboundSync;
import io.cosell.shared.sync.outbound.OutboundOutcome;
import io.cosell.shared.sync.outbound.OutboundResult;
import io.cosell.shared.sync.outbound.OutboundSync;
import io.cosell.shared.testsupport.InMemorySyncStateStore;
import io.cosell.shared.testsupport.MutableClock;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PendingRetryRecorderTest {

    private static final Instant NOW = Instant.parse("2025-03-05T14:00:00Z");
    private static final CrmRecordRef OPPORTUNITY = new CrmRecordRef("opportunities", "0f8fad5b-d9cb-469f-a165-70867728950e");

    private final InMemorySyncStateStore state = new InMemorySyncStateStore();
    private final PendingRetryRecorder recorder = new PendingRetryRecorder(state, new MutableClock(NOW));

    @Test
    void an_outbound_sync_ending_retry_later_is_recorded_and_the_next_other_ending_clears_it() {
        // given
        AtomicReference<OutboundOutcome> outcome = new AtomicReference<>(OutboundOutcome.RETRY_LATER);
        OutboundSync sync = recorder.outbound(record -> new OutboundResult(record.id(), outcome.get(),
                Optional.of("r-1"), "Partner Center is busy; will retry.", Duration.ZERO));

        // when
        sync.sync(OPPORTUNITY);

        // then
        assertThat(state.pendingRetries(10)).containsExactly(new PendingRetry(SyncDirection.CRM_TO_PC, "r-1",
                OPPORTUNITY, NOW, "Partner Center is busy; will retry."));
        outcome.set(OutboundOutcome.UPDATED);
        sync.sync(OPPORTUNITY);
        assertThat(state.pendingRetries(10)).isEmpty();
    }

    @Test
    void an_inbound_sync_ending_retry_later_is_recorded_under_its_referral() {
        // given
        InboundSync sync = recorder.inbound(referralId -> new InboundResult(referralId, InboundOutcome.RETRY_LATER,
                Optional.empty(), "throttled", Duration.ZERO));

        // when
        sync.sync("r-9");

        // then
        assertThat(state.pendingRetries(10)).extracting(PendingRetry::direction, PendingRetry::referralId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SyncDirection.PC_TO_CRM, "r-9"));
    }

    @Test
    void a_sync_ending_unmappable_leaves_nothing_to_retry() {
        // given
        state.recordPendingRetry(new PendingRetry(SyncDirection.PC_TO_CRM, "r-9", null, NOW.minusSeconds(60), "busy"));
        InboundSync sync = recorder.inbound(referralId -> new InboundResult(referralId, InboundOutcome.UNMAPPABLE,
                Optional.empty(), "no customer", Duration.ZERO));

        // when
        sync.sync("r-9");

        // then
        assertThat(state.pendingRetries(10)).isEmpty();
    }
}
