package io.cosell.cli;

import java.util.List;

/** A table read from a file: rows of cell texts, the first row being the header. */
record Sheet(List<List<String>> rows) {

    Sheet {
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** The cell at {@code column} of a row, or empty. */
    static String cell(List<String> row, int column) {
        return column >= 0 && column < row.size() && row.get(column) != null ? row.get(column).trim() : "";
    }
}
