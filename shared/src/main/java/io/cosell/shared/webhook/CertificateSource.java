package io.cosell.shared.webhook;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/** Where the certificates named by {@code x-ms-certificate-url} come from. */
public interface CertificateSource {

    /**
     * The certificates at {@code url}, the signing certificate first (any further ones are its issuers).
     *
     * @throws CertificateUnavailableException when there is no usable certificate at the URL
     */
    List<X509Certificate> certificates(URI url) throws CertificateUnavailableException;
}
