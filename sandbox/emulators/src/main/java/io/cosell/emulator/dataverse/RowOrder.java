package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of a result ({@code $orderby=a asc,b desc}); ties, and results without {@code $orderby}, follow creation
 * order. Nulls sort first ascending, as in SQL Server. Also compares a row with the position a paging token saved.
 */
final class RowOrder {

    private record Key(String property, ColumnType type, boolean descending) {
    }

    /** Where a row stands in this order: its values of the order's properties, then its creation sequence. */
    record Position(List<JsonNode> values, long sequence) {
    }

    private final List<Key> keys;

    private RowOrder(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    static RowOrder creationOrder() {
        return new RowOrder(List.of());
    }

    static RowOrder parse(EntityDefinition entity, String orderBy) {
        List<Key> keys = new ArrayList<>();
        for (String part : orderBy.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty() || words.length > 2
                    || (words.length == 2 && !words[1].equals("asc") && !words[1].equals("desc"))) {
                throw DataverseErrors.badQuery("The $orderby expression '" + orderBy + "' is not valid.");
            }
            ColumnDefinition column = entity.property(words[0])
                    .orElseThrow(() -> DataverseErrors.unknownProperty(entity, words[0]));
            keys.add(new Key(column.propertyName(), column.type(), words.length == 2 && words[1].equals("desc")));
        }
        return new RowOrder(keys);
    }

    /** True when a position saved in a paging token was taken in this order. */
    boolean fits(Position position) {
        return position.values().size() == keys.size();
    }

    Position positionOf(Row row) {
        List<JsonNode> values = new ArrayList<>();
        keys.forEach(k -> {
            JsonNode value = row.value(k.property());
            values.add(value == null ? NullNode.getInstance() : value);
        });
        return new Position(values, row.sequence());
    }

    int compare(Row a, Row b) {
        return compare(positionOf(a), positionOf(b));
    }

    int compare(Position a, Position b) {
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            JsonNode x = a.values().get(i);
            JsonNode y = b.values().get(i);
            int order;
            if (x.isNull() || y.isNull()) {
                order = Boolean.compare(!x.isNull(), !y.isNull());
            } else {
                order = key.type().compare(x, y);
            }
            if (order != 0) {
                return key.descending() ? -order : order;
            }
        }
        return Long.compare(a.sequence(), b.sequence());
    }
}
