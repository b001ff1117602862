package io.cosell.shared.state;

import io.cosell.shared.vocabulary.SyncDirection;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only views of the state table for people operating the connector ({@code bin/cosell status}), over the item
 * layout of {@link DynamoDbSyncStateStore}. The recent log across all referrals is a filtered scan: the table has no
 * index by time, and an operator's occasional look does not justify one.
 */
public final class SyncStateReader {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public SyncStateReader(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** When the referral's last-synced snapshot was saved. */
    public Optional<Instant> snapshotSavedAt(String referralId) {
        var response = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                SyncStateTable.PARTITION_KEY, AttributeValue.fromS("REFERRAL#" + referralId),
                SyncStateTable.SORT_KEY, AttributeValue.fromS("SNAPSHOT"))));
        return Optional.ofNullable(response.item()).map(item -> item.get("savedAt"))
                .map(value -> Instant.parse(value.s()));
    }

    /** Sync log lines of every referral since {@code since}, newest first, at most {@code limit}. */
    public List<SyncLogEntry> logSince(Instant since, int limit) {
        List<SyncLogEntry> entries = new ArrayList<>();
        var pages = dynamoDb.scanPaginator(b -> b.tableName(table)
                .filterExpression("begins_with(sk, :log) AND #at >= :since")
                .expressionAttributeNames(Map.of("#at", "at"))
                .expressionAttributeValues(Map.of(":log", AttributeValue.fromS("LOG#"),
                        ":since", AttributeValue.fromS(since.toString()))));
        pages.items().forEach(item -> entries.add(new SyncLogEntry(
                item.get(SyncStateTable.PARTITION_KEY).s().substring("REFERRAL#".length()),
                Instant.parse(item.get("at").s()),
                SyncDirection.valueOf(item.get("direction").s()),
                item.containsKey("changedFields") ? item.get("changedFields").l().stream().map(AttributeValue::s).toList()
                        : List.of(),
                SyncOutcome.valueOf(item.get("outcome").s()),
                item.containsKey("message") ? item.get("message").s() : null)));
        entries.sort(Comparator.comparing(SyncLogEntry::at).reversed());
        return entries.size() > limit ? List.copyOf(entries.subList(0, limit)) : List.copyOf(entries);
    }
}
