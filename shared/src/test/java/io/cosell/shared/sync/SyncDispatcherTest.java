package io.cosell.shared.sync;

import io.cosell.shared.testsupport.TestJson;
import io.cosell.shared.sync.inbound.InboundOutcome;
import io.cosell.shared.sync.inbound.InboundResult;
import io.cosell.shared.sync.outbound.OutboundOutcome;
import io.cosell.shared.sync.outbound.OutboundResult;
import io.cosell.shared.sync.outbound.OutboundSync;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.RetryLaterException;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncDispatcherTest {

    private final List<String> synced = new ArrayList<>();

    private final OutboundSync noOutbound = opportunity -> {
        throw new AssertionError("no CRM → Partner Center message was sent");
    };

    private SyncDispatcher dispatcherAnswering(InboundOutcome outcome) {
        return new SyncDispatcher(referralId -> {
            synced.add(referralId);
            return new InboundResult(referralId, outcome, Optional.of(new CrmRecordRef("opportunities", "o-1")),
                    "done", Duration.ofMillis(12));
        }, noOutbound, TestJson.MAPPER);
    }

    private static String inboundMessage(String referralId) {
        return new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-created", Instant.EPOCH, "k").toJson(TestJson.MAPPER);
    }

    @Test
    void partnerCenterMessagesRunTheInboundSync() {
        // given
        SyncDispatcher dispatcher = dispatcherAnswering(InboundOutcome.CREATED);

        // when
        dispatcher.handle(inboundMessage("00000000-0000-4000-8000-000000000001"));

        // then
        assertThat(synced).containsExactly("00000000-0000-4000-8000-000000000001");
    }

    @Test
    void unmappableReferralsAreAcknowledgedSoTheyDoNotLoop() {
        // given
        SyncDispatcher dispatcher = dispatcherAnswering(InboundOutcome.UNMAPPABLE);

        // when / then: no exception, so the queue deletes the message
        dispatcher.handle(inboundMessage("00000000-0000-4000-8000-000000000002"));
        assertThat(synced).containsExactly("00000000-0000-4000-8000-000000000002");
    }

    @Test
    void retryLaterIsTriedTwiceMoreThenFailsTheMessageSoTheQueueDeliversItAgain() {
        // given
        SyncDispatcher dispatcher = dispatcherAnswering(InboundOutcome.RETRY_LATER);

        // then
        assertThatThrownBy(() -> dispatcher.handle(inboundMessage("00000000-0000-4000-8000-000000000003")))
                .isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("sync: referral 00000000-0000-4000-8000-000000000003 → opportunities(o-1)")
                .hasMessageContaining("RETRY_LATER");
        assertThat(synced).containsExactly("00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000003");
    }

    @Test
    void aWorkerThatFinishesDuringTheShortWaitLetsTheSyncSucceedWithoutTheQueue() {
        // given: the first attempt meets another worker's lease, the second gets through
        List<InboundOutcome> outcomes = new ArrayList<>(List.of(InboundOutcome.RETRY_LATER, InboundOutcome.UPDATED));
        SyncDispatcher dispatcher = new SyncDispatcher(referralId -> {
            synced.add(referralId);
            return new InboundResult(referralId, outcomes.removeFirst(), Optional.empty(), "", Duration.ZERO);
        }, noOutbound, TestJson.MAPPER);

        // when
        dispatcher.handle(inboundMessage("00000000-0000-4000-8000-000000000004"));

        // then
        assertThat(synced).containsExactly("00000000-0000-4000-8000-000000000004", "00000000-0000-4000-8000-000000000004");
    }

    @Test
    void crmMessagesRunTheOutboundSyncAndRetryLaterFailsThem() {
        // given
        List<CrmRecordRef> outbound = new ArrayList<>();
        SyncDispatcher dispatcher = new SyncDispatcher(referralId -> {
            throw new AssertionError("no Partner Center → CRM message was sent");
        }, opportunity -> {
            outbound.add(opportunity);
            OutboundOutcome outcome = opportunity.id().equals("00000000-0000-4000-8000-0000000000b5") ? OutboundOutcome.RETRY_LATER : OutboundOutcome.UPDATED;
            return new OutboundResult(opportunity.id(), outcome, Optional.of("00000000-0000-4000-8000-000000000009"), "", Duration.ofMillis(5));
        }, TestJson.MAPPER);
        String changed = new SyncMessage(SyncDirection.CRM_TO_PC, null, new CrmRecordRef("opportunities", "00000000-0000-4000-8000-0000000000a7"),
                "crm-opportunity-changed", Instant.EPOCH, "k").toJson(TestJson.MAPPER);
        String busy = new SyncMessage(SyncDirection.CRM_TO_PC, null, new CrmRecordRef("opportunities", "00000000-0000-4000-8000-0000000000b5"),
                "crm-opportunity-changed", Instant.EPOCH, "k2").toJson(TestJson.MAPPER);

        // when
        dispatcher.handle(changed);

        // then
        assertThat(outbound).containsExactly(new CrmRecordRef("opportunities", "00000000-0000-4000-8000-0000000000a7"));
        assertThatThrownBy(() -> dispatcher.handle(busy)).isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("CRM → Partner Center · RETRY_LATER");
    }

    @Test
    void aMessageWithoutReferralIdIsRejected() {
        // given
        SyncDispatcher dispatcher = dispatcherAnswering(InboundOutcome.CREATED);
        String noReferral = new SyncMessage(SyncDirection.PC_TO_CRM, null, new CrmRecordRef("opportunities", "o-9"),
                "referral-created", Instant.EPOCH, "k").toJson(TestJson.MAPPER);

        // then
        assertThatThrownBy(() -> dispatcher.handle(noReferral)).hasMessageContaining("needs a referral id");
        assertThat(synced).isEmpty();
    }
}
