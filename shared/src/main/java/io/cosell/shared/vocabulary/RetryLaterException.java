package io.cosell.shared.vocabulary;



/** The message could not be processed now (throttled, locked by another worker); the queue should deliver it again. */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message);
    }
}
