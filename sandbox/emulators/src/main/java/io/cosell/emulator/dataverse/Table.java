package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The rows of one entity set and the log of its deletions. Reads need no lock; every write of the set runs while
 * holding the table's monitor ({@code synchronized (table)}), so check-then-write sequences such as an upsert by
 * alternate key are atomic per entity set.
 */
final class Table {

    /** A deleted record, kept for change tracking. */
    record Tombstone(UUID id, long version) {
    }

    /** Replaced when the metadata API adds a column or a key. */
    volatile EntityDefinition entity;
    private final Map<UUID, Row> rows = new ConcurrentHashMap<>();
    private final List<Tombstone> tombstones = new CopyOnWriteArrayList<>();

    Table(EntityDefinition entity) {
        this.entity = entity;
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
            case RecordKey.Alternate alternate -> rows.values().stream()
                    .filter(row -> matches(row, alternate.values()))
                    .findFirst();
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
            Optional<Row> other = rows.values().stream()
                    .filter(row -> !row.id().equals(candidate.id()) && matches(row, key))
                    .findFirst();
            if (other.isPresent()) {
                return other;
            }
        }
        return Optional.empty();
    }

    private boolean matches(Row row, Map<String, JsonNode> key) {
        return key.entrySet().stream().allMatch(e -> {
            JsonNode stored = row.value(e.getKey());
            ColumnType type = entity.property(e.getKey()).orElseThrow().type();
            return stored != null && e.getValue() != null && type.compare(stored, e.getValue()) == 0;
        });
    }

    void put(Row row) {
        rows.put(row.id(), row);
    }

    /** Forgets a row that was never committed (a rolled-back create): no tombstone. */
    void discard(UUID id) {
        rows.remove(id);
    }

    void remove(UUID id, long version) {
        rows.remove(id);
        tombstones.add(new Tombstone(id, version));
    }

    List<Tombstone> deletedAfter(long version) {
        return tombstones.stream().filter(t -> t.version() > version && !rows.containsKey(t.id())).toList();
    }

    void clear() {
        rows.clear();
        tombstones.clear();
    }
}
