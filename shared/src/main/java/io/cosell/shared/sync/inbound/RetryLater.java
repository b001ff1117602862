package io.cosell.shared.sync.inbound;

/** Ends a sync with {@link InboundOutcome#RETRY_LATER}; the message says why. */
final class RetryLater extends RuntimeException {

    RetryLater(String message) {
        super(message, null, false, false);
    }
}
