package io.cosell.shared.crm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The query options of a collection read: {@code $select}, {@code $filter}, {@code $orderby}, {@code $top}, and the
 * page size asked for with {@code Prefer: odata.maxpagesize} (Dataverse ignores {@code $top} when a page size is
 * given). Immutable; build with {@link #select} or {@link #all} and the {@code with…} methods.
 *
 * @param orderBy entries like {@code modifiedon asc}
 */
public record ODataQuery(List<String> select, Optional<ODataFilter> filter, List<String> orderBy, OptionalInt top,
                         OptionalInt maxPageSize) {

    public ODataQuery {
        select = List.copyOf(select);
        select.forEach(EntitySet::requireIdentifier);
        orderBy = List.copyOf(orderBy);
    }

    /** All columns. */
    public static ODataQuery all() {
        return new ODataQuery(List.of(), Optional.empty(), List.of(), OptionalInt.empty(), OptionalInt.empty());
    }

    public static ODataQuery select(String... columns) {
        return all().withSelect(Arrays.asList(columns));
    }

    public ODataQuery withSelect(List<String> columns) {
        return new ODataQuery(columns, filter, orderBy, top, maxPageSize);
    }

    public ODataQuery filter(ODataFilter newFilter) {
        return new ODataQuery(select, Optional.of(newFilter), orderBy, top, maxPageSize);
    }

    public ODataQuery orderByAsc(String column) {
        return orderBy(column, "asc");
    }

    public ODataQuery orderByDesc(String column) {
        return orderBy(column, "desc");
    }

    public ODataQuery top(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("$top must not be negative");
        }
        return new ODataQuery(select, filter, orderBy, OptionalInt.of(rows), maxPageSize);
    }

    public ODataQuery maxPageSize(int rows) {
        if (rows < 1 || rows > 5000) {
            throw new IllegalArgumentException("odata.maxpagesize must be between 1 and 5000");
        }
        return new ODataQuery(select, filter, orderBy, top, OptionalInt.of(rows));
    }

    /** The percent-encoded query string (without {@code ?}); empty when there are no options. */
    public String toQueryString() {
        List<String> options = new ArrayList<>();
        if (!select.isEmpty()) {
            options.add("$select=" + UrlEncoding.encode(String.join(",", select)));
        }
        filter.ifPresent(f -> options.add("$filter=" + UrlEncoding.encode(f.expression())));
        if (!orderBy.isEmpty()) {
            options.add("$orderby=" + UrlEncoding.encode(String.join(",", orderBy)));
        }
        top.ifPresent(n -> options.add("$top=" + n));
        return String.join("&", options);
    }

    private ODataQuery orderBy(String column, String direction) {
        List<String> order = new ArrayList<>(orderBy);
        order.add(EntitySet.requireIdentifier(column) + " " + direction);
        return new ODataQuery(select, filter, order, top, maxPageSize);
    }
}
