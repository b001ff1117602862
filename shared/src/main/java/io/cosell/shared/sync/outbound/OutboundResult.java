package io.cosell.shared.sync.outbound;

import java.time.Duration;
import java.util.Optional;

/**
 * What an outbound sync did. {@code opportunityId} is the id of the synced CRM record (a lead for a referral response).
 *
 * @param referralId the referral the opportunity is linked to, when there is one
 * @param message    what happened, in words a seller understands
 * @param took       how long the sync took
 */
public record OutboundResult(String opportunityId, OutboundOutcome outcome, Optional<String> referralId, String message,
                             Duration took) {

    /** True when the queue should deliver the message again. */
    public boolean retryLater() {
        return outcome == OutboundOutcome.RETRY_LATER;
    }
}
