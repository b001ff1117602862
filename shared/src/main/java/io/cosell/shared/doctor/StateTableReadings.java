package io.cosell.shared.doctor;

import io.cosell.shared.state.SyncStateTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the doctor reads from the state table: its status, and the records a poller or reconciler run leaves. A run
 * that finishes advances its cursor (stamping {@code updatedAt}) and releases its lease ({@code leaseUntil}).
 */
public final class StateTableReadings {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public StateTableReadings(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String status() {
        return dynamoDb.describeTable(b -> b.tableName(table)).table().tableStatusAsString();
    }

    public Optional<Instant> leaseHeldUntil(String lease) {
        return item("LEASE#" + lease, "LEASE").map(item -> item.get("leaseUntil"))
                .filter(value -> value != null && value.n() != null)
                .map(value -> Instant.ofEpochMilli(Long.parseLong(value.n())));
    }

    public Optional<Instant> cursorUpdatedAt(String cursor) {
        return item("CURSOR#" + cursor, "CURSOR").map(item -> item.get("updatedAt"))
                .filter(value -> value != null && value.s() != null)
                .map(value -> Instant.parse(value.s()));
    }

    private Optional<Map<String, AttributeValue>> item(String pk, String sk) {
        Map<String, AttributeValue> found = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(SyncStateTable.PARTITION_KEY, AttributeValue.fromS(pk),
                        SyncStateTable.SORT_KEY, AttributeValue.fromS(sk)))).item();
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found);
    }
}
