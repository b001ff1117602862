package io.cosell.shared.sync.inbound;

/**
 * Brings one Partner Center referral into the CRM (scenario 2: PC → CRM). Webhook events carry no data, so the
 * referral is always read fresh. Never throws for what a retry can fix: those end as
 * {@link InboundOutcome#RETRY_LATER}, and the caller lets the queue deliver the message again. Anything else thrown
 * (e.g. a 401/403 from a misconfigured connection) is unexpected and should fail the message too.
 */
public interface InboundSync {

    InboundResult sync(String referralId);
}
