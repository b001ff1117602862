package io.cosell.shared.webhook;



/**
 * A delivery's signature cannot be trusted. The message is meant for a partner's admin reading the logs: it names
 * what was wrong (a header, the certificate URL's host, the issuer), never the signature or the body.
 */
public class UntrustedWebhookException extends Exception {

    public UntrustedWebhookException(String message) {
        super(message);
    }
}
