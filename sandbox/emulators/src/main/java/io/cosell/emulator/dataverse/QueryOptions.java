package io.cosell.emulator.dataverse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The system query options of a request, validated against the table. Supported: {@code $select}, {@code $filter},
 * {@code $orderby}, {@code $top}, {@code $count}, {@code $skiptoken}, {@code $deltatoken}. {@code $skip},
 * {@code $search} and {@code $format} are answered 400 as Dataverse does; {@code $expand} and {@code $apply} are not
 * emulated (400).
 *
 * @param select empty = all columns
 */
record QueryOptions(List<String> select, Optional<String> filterText, Optional<Predicate<Row>> filter,
                    Optional<String> orderByText, RowOrder order, Optional<Integer> top, boolean count,
                    Optional<String> skipToken, Optional<String> deltaToken) {

    private static final Set<String> KNOWN = Set.of("$select", "$filter", "$orderby", "$top", "$count", "$skiptoken",
            "$deltatoken");

    static QueryOptions parse(EntityDefinition entity, Map<String, String> query) {
        for (String name : query.keySet()) {
            if (!name.startsWith("$") || KNOWN.contains(name)) {
                continue;
            }
            if (name.equals("$expand") && query.containsKey("$deltatoken")) {
                throw DataverseErrors.notSupportedWithChangeTracking("$expand");
            }
            String why = switch (name) {
                case "$skip", "$search", "$format" -> "isn't supported by the Dataverse Web API";
                case "$expand", "$apply" -> "isn't supported by the Dataverse emulator";
                default -> "isn't a known query option";
            };
            throw DataverseErrors.badQuery("The query parameter " + name + " " + why + ".");
        }
        Optional<String> filterText = Optional.ofNullable(query.get("$filter"));
        Optional<String> orderByText = Optional.ofNullable(query.get("$orderby"));
        return new QueryOptions(
                select(entity, query.get("$select")),
                filterText,
                filterText.map(f -> FilterParser.parse(entity, f)),
                orderByText,
                orderByText.map(o -> RowOrder.parse(entity, o)).orElse(RowOrder.creationOrder()),
                Optional.ofNullable(query.get("$top")).map(QueryOptions::top),
                Boolean.parseBoolean(query.getOrDefault("$count", "false")),
                Optional.ofNullable(query.get("$skiptoken")),
                Optional.ofNullable(query.get("$deltatoken")));
    }

    /** Change tracking allows only $select: the documented 400 for the first other option present. */
    void rejectUnderChangeTracking() {
        if (filterText.isPresent()) {
            throw DataverseErrors.notSupportedWithChangeTracking("$filter");
        }
        if (orderByText.isPresent()) {
            throw DataverseErrors.notSupportedWithChangeTracking("$orderby");
        }
        if (top.isPresent()) {
            throw DataverseErrors.notSupportedWithChangeTracking("$top");
        }
    }

    private static List<String> select(EntityDefinition entity, String select) {
        if (select == null || select.isBlank()) {
            return List.of();
        }
        List<String> columns = Arrays.stream(select.split(",")).map(String::trim).toList();
        columns.forEach(c -> entity.property(c).orElseThrow(() -> DataverseErrors.unknownProperty(entity, c)));
        return columns;
    }

    private static int top(String value) {
        try {
            int top = Integer.parseInt(value.trim());
            if (top >= 0) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw DataverseErrors.badQuery("The $top value '" + value + "' is not a non-negative integer.");
    }
}
