package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The rows of one entity set and the log of its deletions. Reads need no lock; every write of the set runs while
 * holding the table's monitor ({@code synchronized (table)}), so check-then-write sequences such as an upsert by
 * alternate key are atomic per entity set.
 */
final class Table {

    /** A deleted record, kept for change tracking. */
    record Tombstone(UUID id, long version) {
    }

    /** Replaced ({@link #redefine}) when the metadata API adds a column or a key. */
    private volatile EntityDefinition entity;
    private final Map<UUID, Row> rows = new ConcurrentHashMap<>();
    private final List<Tombstone> tombstones = new CopyOnWriteArrayList<>();
    /**
     * Alternate key columns → the key's values (as {@link ColumnType#equalityKey} gives them) → the rows holding them,
     * so a lookup by key costs what it costs in Dataverse instead of a scan of the table.
     */
    private volatile Map<List<String>, Map<List<Object>, Set<UUID>>> keyIndex;

    Table(EntityDefinition entity) {
        this.entity = entity;
        this.keyIndex = emptyIndex(entity);
    }

    EntityDefinition entity() {
        return entity;
    }

    /** A new definition of the set (new columns, keys); its rows stay and are indexed by its keys. */
    synchronized void redefine(EntityDefinition definition) {
        Map<List<String>, Map<List<Object>, Set<UUID>>> index = emptyIndex(definition);
        entity = definition;
        rows.values().forEach(row -> index(index, row));
        keyIndex = index;
    }

    private static Map<List<String>, Map<List<Object>, Set<UUID>>> emptyIndex(EntityDefinition definition) {
        Map<List<String>, Map<List<Object>, Set<UUID>>> index = new HashMap<>();
        definition.alternateKeys().values().forEach(columns -> index.put(List.copyOf(columns), new ConcurrentHashMap<>()));
        return Map.copyOf(index);
    }

    Optional<Row> get(UUID id) {
        return Optional.ofNullable(rows.get(id));
    }

    /** All rows in creation order. */
    List<Row> rows() {
        List<Row> all = new ArrayList<>(rows.values());
        all.sort(Comparator.comparingLong(Row::sequence));
        return all;
    }

    Optional<Row> find(RecordKey key) {
        return switch (key) {
            case RecordKey.Primary primary -> get(primary.id());
            case RecordKey.Alternate alternate -> withKey(alternate.values(), null);
        };
    }

    /** Another row than {@code except} with the same non-null values in all columns of one alternate key. */
    Optional<Row> duplicateOf(Row candidate) {
        for (List<String> keyColumns : entity.alternateKeys().values()) {
            if (keyColumns.stream().anyMatch(c -> candidate.value(c) == null)) {
                continue;
            }
            Map<String, JsonNode> key = new HashMap<>();
            keyColumns.forEach(c -> key.put(c, candidate.value(c)));
            Optional<Row> other = withKey(key, candidate.id());
            if (other.isPresent()) {
                return other;
            }
        }
        return Optional.empty();
    }

    /** A row other than {@code except} whose values equal {@code key}'s; through the index when {@code key} is one. */
    private Optional<Row> withKey(Map<String, JsonNode> key, UUID except) {
        for (Map.Entry<List<String>, Map<List<Object>, Set<UUID>>> indexed : keyIndex.entrySet()) {
            List<String> columns = indexed.getKey();
            if (columns.size() != key.size() || !key.keySet().containsAll(columns)) {
                continue;
            }
            Optional<List<Object>> values = indexKey(columns, key::get);
            if (values.isPresent()) {
                return indexed.getValue().getOrDefault(values.get(), Set.of()).stream()
                        .filter(id -> !id.equals(except))
                        .map(rows::get)
                        .filter(row -> row != null && matches(row, key))
                        .findFirst();
            }
        }
        return rows.values().stream()
                .filter(row -> !row.id().equals(except) && matches(row, key))
                .findFirst();
    }

    private boolean matches(Row row, Map<String, JsonNode> key) {
        return key.entrySet().stream().allMatch(e -> {
            JsonNode stored = row.value(e.getKey());
            ColumnType type = entity.property(e.getKey()).orElseThrow().type();
            return stored != null && e.getValue() != null && type.compare(stored, e.getValue()) == 0;
        });
    }

    /** The index's key of these values; empty when one is missing or not of its column's type (not indexed). */
    private Optional<List<Object>> indexKey(List<String> columns, Function<String, JsonNode> valueOf) {
        List<Object> key = new ArrayList<>(columns.size());
        for (String column : columns) {
            JsonNode value = valueOf.apply(column);
            Optional<ColumnDefinition> definition = entity.property(column);
            if (value == null || value.isNull() || definition.isEmpty()) {
                return Optional.empty();
            }
            Optional<Object> equality = definition.get().type().equalityKey(value);
            if (equality.isEmpty()) {
                return Optional.empty();
            }
            key.add(equality.get());
        }
        return Optional.of(List.copyOf(key));
    }

    private void index(Map<List<String>, Map<List<Object>, Set<UUID>>> index, Row row) {
        index.forEach((columns, byValues) -> indexKey(columns, row::value).ifPresent(values ->
                byValues.computeIfAbsent(values, v -> ConcurrentHashMap.newKeySet()).add(row.id())));
    }

    /** Drops {@code before}'s index entries that {@code after} (null: none) no longer has. */
    private void unindex(Map<List<String>, Map<List<Object>, Set<UUID>>> index, Row before, Row after) {
        index.forEach((columns, byValues) -> indexKey(columns, before::value).ifPresent(values -> {
            if (after == null || !indexKey(columns, after::value).equals(Optional.of(values))) {
                Set<UUID> ids = byValues.get(values);
                if (ids != null) {
                    ids.remove(before.id());
                }
            }
        }));
    }

    void put(Row row) {
        Row before = rows.put(row.id(), row);
        Map<List<String>, Map<List<Object>, Set<UUID>>> index = keyIndex;
        index(index, row);
        if (before != null) {
            unindex(index, before, row);
        }
    }

    /** Forgets a row that was never committed (a rolled-back create): no tombstone. */
    void discard(UUID id) {
        Row before = rows.remove(id);
        if (before != null) {
            unindex(keyIndex, before, null);
        }
    }

    void remove(UUID id, long version) {
        discard(id);
        tombstones.add(new Tombstone(id, version));
    }

    List<Tombstone> deletedAfter(long version) {
        return tombstones.stream().filter(t -> t.version() > version && !rows.containsKey(t.id())).toList();
    }

    synchronized void clear() {
        rows.clear();
        tombstones.clear();
        keyIndex = emptyIndex(entity);
    }
}
