package io.cosell.shared.catalogue;

/**
 * One row of a solution catalogue file (CSV or workbook), as read: every value trimmed, empty when absent.
 *
 * @param line the row's number in the file (the header is line 1), for the report
 */
public record CatalogueRow(int line, String solutionId, String name, String type, String publisher) {
}
