package io.cosell.shared.crm;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for OData URLs: everything except unreserved characters and the OData punctuation
 * {@code ' ( ) , :} is encoded as UTF-8 {@code %XX}, so {@code & + # = / ?} and spaces in values can never end
 * a query option, start a fragment or turn into a space.
 */
final class UrlEncoding {

    private static final String KEEP = "-._~'(),:";

    private UrlEncoding() {
    }

    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || KEEP.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
