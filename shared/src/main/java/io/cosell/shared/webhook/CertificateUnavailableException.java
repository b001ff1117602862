package io.cosell.shared.webhook;



/** No usable certificate could be read from a certificate URL; the message says why. */
public class CertificateUnavailableException extends Exception {

    public CertificateUnavailableException(String message) {
        super(message);
    }

    public CertificateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
