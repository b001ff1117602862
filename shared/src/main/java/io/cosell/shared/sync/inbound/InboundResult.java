package io.cosell.shared.sync.inbound;

import io.cosell.shared.vocabulary.CrmRecordRef;

import java.time.Duration;
import java.util.Optional;

/**
 * What an inbound sync did.
 *
 * @param referralId the referral the CRM record mirrors (for a Microsoft-side event: the partner's own referral)
 * @param record     the CRM record, when there is one
 * @param message    what happened, in words a seller understands
 * @param took       how long the sync took
 */
public record InboundResult(String referralId, InboundOutcome outcome, Optional<CrmRecordRef> record, String message,
                            Duration took) {

    /** True when the queue should deliver the message again. */
    public boolean retryLater() {
        return outcome == InboundOutcome.RETRY_LATER;
    }
}
