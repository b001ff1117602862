package io.cosell.shared.sync.reconcile;

import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.vocabulary.CrmRecordRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileDecisionTest {

    private static final Instant AT = Instant.parse("2025-03-05T14:00:00Z");
    private static final Optional<ReferralLink> LINKED = Optional.of(new ReferralLink("r-1",
            new CrmRecordRef("opportunities", "o-1"), AT));

    private static Referral referral(String eTag) {
        return new ListedReferrals().put("r-1", AT, eTag);
    }

    private static Optional<SyncSnapshot> snapshot(String eTag) {
        return Optional.of(new SyncSnapshot("r-1", Map.of(), Map.of(), eTag, AT, null, 1));
    }

    @Test
    void no_link_is_queued_even_with_an_equal_snapshot() {
        // when / then
        assertThat(ReconcileDecision.of(referral("\"3\""), Optional.empty(), snapshot("\"3\"")))
                .isEqualTo(ReconcileDecision.QUEUE_NOT_LINKED);
    }

    @Test
    void an_equal_eTag_is_in_sync_and_another_or_none_is_a_change() {
        // when / then
        assertThat(ReconcileDecision.of(referral("\"3\""), LINKED, snapshot("\"3\""))).isEqualTo(ReconcileDecision.IN_SYNC);
        assertThat(ReconcileDecision.of(referral("\"4\""), LINKED, snapshot("\"3\""))).isEqualTo(ReconcileDecision.QUEUE_CHANGED);
        assertThat(ReconcileDecision.of(referral("\"4\""), LINKED, Optional.empty())).isEqualTo(ReconcileDecision.QUEUE_CHANGED);
    }
}
