package io.cosell.shared.schema;

import java.util.Map;

/**
 * One column the connector needs.
 *
 * @param table       the table's logical name ({@code opportunity}, {@code lead}, {@code cosell_solutions}, …)
 * @param name        the column's logical name (also its schema name: lower case, so a lookup's navigation property
 *                    is the same as its logical name)
 * @param displayName the label shown to people (Microsoft's labels for the opportunity columns)
 * @param maxLength   for text and memo columns (0 otherwise)
 * @param options     for choice columns: option value → label, in order
 * @param target      for lookups: the referenced table's logical name (null otherwise)
 * @param role        what the column is for, named after its {@code ConnectorColumns} component (adopt maps by it);
 *                    null for columns of the connector's own tables
 */
public record ColumnSpec(String table, String name, String displayName, ColumnKind kind, int maxLength,
                         Map<Integer, String> options, String target, String role) {

    public ColumnSpec {
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    /** {@code table.column}, how reports name it. */
    public String qualifiedName() {
        return table + "." + name;
    }
}
