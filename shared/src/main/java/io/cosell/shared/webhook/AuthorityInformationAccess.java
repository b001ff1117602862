package io.cosell.shared.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the caIssuers locations of a certificate's Authority Information Access extension (RFC 5280 §4.2.2.1):
 * {@code SEQUENCE OF AccessDescription { accessMethod OID, accessLocation GeneralName }}, keeping the
 * {@code uniformResourceIdentifier} locations of {@code id-ad-caIssuers}. The JDK has no public API for it.
 */
final class AuthorityInformationAccess {

    static final String EXTENSION_OID = "1.3.6.1.5.5.7.1.1";
    /** DER of OID 1.3.6.1.5.5.7.48.2 (id-ad-caIssuers), without tag and length. */
    private static final byte[] CA_ISSUERS = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int URI_NAME = 0x86;

    private AuthorityInformationAccess() {
    }

    /** The caIssuers URIs, in the certificate's order; empty when there is none or the extension is malformed. */
    static List<URI> caIssuers(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(EXTENSION_OID);
        if (extension == null) {
            return List.of();
        }
        try {
            Der wrapped = Der.read(extension, 0, OCTET_STRING);
            Der descriptions = Der.read(extension, wrapped.start, SEQUENCE);
            List<URI> locations = new ArrayList<>();
            for (int at = descriptions.start; at < descriptions.end; ) {
                Der description = Der.read(extension, at, SEQUENCE);
                Der method = Der.read(extension, description.start, OBJECT_IDENTIFIER);
                Der location = Der.read(extension, method.end, -1);
                if (Arrays.equals(Arrays.copyOfRange(extension, method.start, method.end), CA_ISSUERS)
                        && location.tag == URI_NAME) {
                    locations.add(new URI(new String(extension, location.start, location.end - location.start,
                            StandardCharsets.US_ASCII)));
                }
                at = description.end;
            }
            return List.copyOf(locations);
        } catch (IllegalArgumentException | URISyntaxException malformed) {
            return List.of();
        }
    }

    /** One DER element: its tag and where its content starts and ends. */
    private record Der(int tag, int start, int end) {

        /** @param expectedTag the tag required at {@code at}, or -1 for any */
        static Der read(byte[] bytes, int at, int expectedTag) {
            if (at + 2 > bytes.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            int tag = bytes[at] & 0xFF;
            if (expectedTag >= 0 && tag != expectedTag) {
                throw new IllegalArgumentException("unexpected DER tag " + tag);
            }
            int length = bytes[at + 1] & 0xFF;
            int start = at + 2;
            if (length > 0x7F) {
                int lengthBytes = length & 0x7F;
                if (lengthBytes == 0 || lengthBytes > 3 || start + lengthBytes > bytes.length) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < lengthBytes; i++) {
                    length = (length << 8) | (bytes[start + i] & 0xFF);
                }
                start += lengthBytes;
            }
            if (start + length > bytes.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            return new Der(tag, start, start + length);
        }
    }
}
