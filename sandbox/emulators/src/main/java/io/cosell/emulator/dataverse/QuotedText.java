package io.cosell.emulator.dataverse;

import java.util.ArrayList;
import java.util.List;

/** Splitting header and key text at the commas that are not inside quotes. */
final class QuotedText {

    private QuotedText() {
    }

    /** {@code a='x,y',b=2} with quote {@code '} → {@code [a='x,y', b=2]}. */
    static List<String> splitOutsideQuotes(String text, char quote) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == quote) {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
