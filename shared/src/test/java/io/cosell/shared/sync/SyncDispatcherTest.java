package io.cosell.shared.sync;

import io.cosell.shared.auth.SignInExpiredException;
import io.cosell.shared.metrics.EmfWriter;
import io.cosell.shared.metrics.Metrics;
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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncDispatcherTest {

    private final List<String> synced = new ArrayList<>();
    private final List<SyncMessage> parked = new ArrayList<>();
    private final SignInExpiredParking parking = (message, expired) -> {
        parked.add(message);
        return expired.notice();
    };
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics(new EmfWriter(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            Clock.systemUTC(), TestJson.MAPPER), "mapper");

    private final OutboundSync noOutbound = opportunity -> {
        throw new AssertionError("no CRM → Partner Center message was sent");
    };

    private SyncDispatcher dispatcherAnswering(InboundOutcome outcome) {
        return new SyncDispatcher(referralId -> {
            synced.add(referralId);
            return new InboundResult(referralId, outcome, Optional.of(new CrmRecordRef("opportunities", "o-1")),
                    "done", Duration.ofMillis(12));
        }, noOutbound, TestJson.MAPPER, parking, metrics, 5);
    }

    private static String inboundMessage(String referralId) {
        return new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-created", Instant.EPOCH, "k").toJson(TestJson.MAPPER);
    }

    @Test
    void partnerCenterMessagesRunTheInboundSync() {
        // given
        SyncDispatcher dispatcher = dispatcherAnswering(InboundOutcome.CREATED);

        // when
        dispatcher.handle(inboundMessage(id(0x01)));

        // then
        assertThat(synced).containsExactly(id(0x01));
    }

    @Test
    void unmappableReferralsAreAcknowledgedSoTheyDoNotLoop() {
        // given
        SyncDispatcher dispatcher = dispatcherAnswering(InboundOutcome.UNMAPPABLE);

        // when / then: no exception, so the queue deletes the message
        dispatcher.handle(inboundMessage(id(0x02)));
        assertThat(synced).containsExactly(id(0x02));
    }

    @Test
    void retryLaterIsTriedTwiceMoreThenFailsTheMessageSoTheQueueDeliversItAgain() {
        // given
        SyncDispatcher dispatcher = dispatcherAnswering(InboundOutcome.RETRY_LATER);

        // then
        assertThatThrownBy(() -> dispatcher.handle(inboundMessage(id(0x03))))
                .isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("sync: referral " + id(0x03) + " → opportunities(o-1)")
                .hasMessageContaining("RETRY_LATER");
        assertThat(synced).containsExactly(id(0x03), id(0x03), id(0x03));
    }

    @Test
    void aWorkerThatFinishesDuringTheShortWaitLetsTheSyncSucceedWithoutTheQueue() {
        // given: the first attempt meets another worker's lease, the second gets through
        List<InboundOutcome> outcomes = new ArrayList<>(List.of(InboundOutcome.RETRY_LATER, InboundOutcome.UPDATED));
        SyncDispatcher dispatcher = new SyncDispatcher(referralId -> {
            synced.add(referralId);
            return new InboundResult(referralId, outcomes.removeFirst(), Optional.empty(), "", Duration.ZERO);
        }, noOutbound, TestJson.MAPPER, parking, metrics, 5);

        // when
        dispatcher.handle(inboundMessage(id(0x04)));

        // then
        assertThat(synced).containsExactly(id(0x04), id(0x04));
    }

    @Test
    void crmMessagesRunTheOutboundSyncAndRetryLaterFailsThem() {
        // given
        List<CrmRecordRef> outbound = new ArrayList<>();
        SyncDispatcher dispatcher = new SyncDispatcher(referralId -> {
            throw new AssertionError("no Partner Center → CRM message was sent");
        }, opportunity -> {
            outbound.add(opportunity);
            OutboundOutcome outcome = opportunity.id().equals(id(0xb5)) ? OutboundOutcome.RETRY_LATER : OutboundOutcome.UPDATED;
            return new OutboundResult(opportunity.id(), outcome, Optional.of(id(0x09)), "", Duration.ofMillis(5));
        }, TestJson.MAPPER, parking, metrics, 5);
        String changed = new SyncMessage(SyncDirection.CRM_TO_PC, null, new CrmRecordRef("opportunities", id(0xa7)),
                "crm-opportunity-changed", Instant.EPOCH, "k").toJson(TestJson.MAPPER);
        String busy = new SyncMessage(SyncDirection.CRM_TO_PC, null, new CrmRecordRef("opportunities", id(0xb5)),
                "crm-opportunity-changed", Instant.EPOCH, "k2").toJson(TestJson.MAPPER);

        // when
        dispatcher.handle(changed);

        // then
        assertThat(outbound).containsExactly(new CrmRecordRef("opportunities", id(0xa7)));
        assertThatThrownBy(() -> dispatcher.handle(busy)).isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("CRM → Partner Center · RETRY_LATER");
    }

    @Test
    void aDeadPartnerCenterSignInParksTheMessageAndAcknowledgesItInsteadOfFailingIt() {
        // given a sync that meets a revoked refresh token
        SyncDispatcher dispatcher = new SyncDispatcher(referralId -> {
            synced.add(referralId);
            throw new SignInExpiredException(400, OptionalInt.of(50173), "revoked");
        }, noOutbound, TestJson.MAPPER, parking, metrics, 5);

        // when: no exception, so the queue deletes this delivery
        dispatcher.handle(inboundMessage(id(0x05)), 1);

        // then: tried once (no quick retries), parked, counted by outcome
        assertThat(synced).containsExactly(id(0x05));
        assertThat(parked).extracting(SyncMessage::referralId).containsExactly(id(0x05));
        assertThat(metricLines()).anySatisfy(line -> assertThat(line)
                .contains("\"Outcome\":\"SIGN_IN_EXPIRED\"").contains("\"Syncs\":1.0"));
    }

    @Test
    void everySyncIsCountedByDirectionAndOutcomeAndAFailureOnTheLastDeliveryCountsADeadLetter() {
        // given
        SyncDispatcher created = dispatcherAnswering(InboundOutcome.CREATED);
        SyncDispatcher busy = dispatcherAnswering(InboundOutcome.RETRY_LATER);

        // when
        created.handle(inboundMessage(id(0x06)), 1);
        assertThatThrownBy(() -> busy.handle(inboundMessage(id(0x07)), 4)).isInstanceOf(RetryLaterException.class);
        assertThatThrownBy(() -> busy.handle(inboundMessage(id(0x08)), 5)).isInstanceOf(RetryLaterException.class);

        // then
        assertThat(metricLines()).filteredOn(line -> line.contains("\"Syncs\"")).hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("\"Direction\":\"PC_TO_CRM\"")
                        .contains("\"Outcome\":\"CREATED\"").contains("\"SyncLatency\":12.0"));
        assertThat(metricLines()).filteredOn(line -> line.contains("\"DeadLetters\"")).hasSize(1);
    }

    private List<String> metricLines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
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

    /** A referral or record id in the GUID form the dispatcher requires. */
    private static String id(int n) {
        return "00000000-0000-4000-8000-%012x".formatted(n);
    }
}
