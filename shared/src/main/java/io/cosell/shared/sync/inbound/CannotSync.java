package io.cosell.shared.sync.inbound;

/** Ends a sync as {@link InboundOutcome#UNMAPPABLE} when the CRM lacks something the referral needs. */
final class CannotSync extends RuntimeException {

    CannotSync(String message) {
        super(message, null, false, false);
    }
}
