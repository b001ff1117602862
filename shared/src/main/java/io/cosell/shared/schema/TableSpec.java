package io.cosell.shared.schema;

/**
 * A table the connector creates (the solution rows of an opportunity and the solution catalogue).
 *
 * @param logicalName   e.g. {@code cosell_solutions}
 * @param entitySet     the entity set name the connector's data calls use (sent as {@code EntitySetName} on create)
 * @param primaryName   the primary name column (a text column created with the table)
 * @param primaryLength its maximum length
 */
public record TableSpec(String logicalName, String entitySet, String displayName, String collectionName,
                        String primaryName, int primaryLength) {
}
