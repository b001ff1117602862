package io.cosell.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma (or semicolon, as spreadsheets in many locales save it, when the header has no comma)
 * separated, double quotes around fields that hold separators, quotes or line breaks, {@code ""} for a quote; a
 * leading byte-order mark is ignored.
 */
final class CsvReader {

    private CsvReader() {
    }

    static Sheet read(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int firstLineEnd = text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n');
        String header = text.substring(0, firstLineEnd);
        char separator = header.indexOf(',') < 0 && header.indexOf(';') >= 0 ? ';' : ',';
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("the CSV ends inside a quoted field (a quote is not closed)");
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return new Sheet(rows);
    }
}
