package io.cosell.shared.state;

import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cosell.shared.state.SyncStateItems.LINK;
import static io.cosell.shared.state.SyncStateItems.RETRY_PARTITION;
import static io.cosell.shared.state.SyncStateItems.SNAPSHOT;
import static io.cosell.shared.state.SyncStateItems.crmKey;
import static io.cosell.shared.state.SyncStateItems.key;
import static io.cosell.shared.state.SyncStateItems.linkAttributes;
import static io.cosell.shared.state.SyncStateItems.logItem;
import static io.cosell.shared.state.SyncStateItems.n;
import static io.cosell.shared.state.SyncStateItems.pendingRetryItem;
import static io.cosell.shared.state.SyncStateItems.pendingRetryKey;
import static io.cosell.shared.state.SyncStateItems.referralKey;
import static io.cosell.shared.state.SyncStateItems.s;
import static io.cosell.shared.state.SyncStateItems.snapshotItem;
import static io.cosell.shared.state.SyncStateItems.toLogEntry;
import static io.cosell.shared.state.SyncStateItems.toSnapshot;

/**
 * {@link SyncStateStore} on the single DynamoDB table of {@link SyncStateTable}. Item layout ({@code pk} / {@code sk}):
 * <ul>
 *   <li>link: {@code REFERRAL#<referralId>} / {@code LINK} and {@code CRM#<entitySet>#<id>} / {@code LINK}</li>
 *   <li>snapshot: {@code REFERRAL#<referralId>} / {@code SNAPSHOT}</li>
 *   <li>sync log: {@code REFERRAL#<referralId>} / {@code LOG#<instant, fixed width>#<uuid>}</li>
 *   <li>cursor: {@code CURSOR#<name>} / {@code CURSOR}; lease: {@code LEASE#<name>} / {@code LEASE}</li>
 *   <li>dedupe: {@code DEDUPE#<key>} / {@code DEDUPE}</li>
 *   <li>pending retry: {@code RETRY} / {@code <direction>#<referral id or entitySet#id>}</li>
 * </ul>
 * ({@link SyncStateItems} builds and reads the items.) Every write that could race is conditional. DynamoDB deletes
 * expired items only eventually (up to days later), so the dedupe condition also treats an item past its
 * {@code expiresAt} as absent.
 */
public final class DynamoDbSyncStateStore implements SyncStateStore {

    static final String NOT_EXISTS = "attribute_not_exists(pk)";
    static final String LINKED_TO = "crmEntitySet = :set AND crmId = :id";
    static final String SNAPSHOT_REVISION_MATCHES = "snapshotRevision = :expected";
    static final String CURSOR_VERSION_MATCHES = "cursorVersion = :expected";
    static final String LEASE_FREE = "attribute_not_exists(pk) OR leaseUntil < :now";
    static final String LEASE_OWNED = "leaseOwner = :owner";
    static final String DEDUPE_FIRST = "attribute_not_exists(pk) OR expiresAt < :now";

    public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(90);

    /** A lease item outlives its lease by this long, then DynamoDB may delete it. */
    private static final Duration LEASE_ITEM_RETENTION = Duration.ofDays(1);
    private static final int REFERRALS_PER_BATCH_GET = 50;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Duration logRetention;

    public DynamoDbSyncStateStore(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, Clock.systemUTC(), DEFAULT_LOG_RETENTION);
    }

    public DynamoDbSyncStateStore(DynamoDbClient dynamoDb, String tableName, Clock clock, Duration logRetention) {
        this.dynamoDb = dynamoDb;
        this.table = tableName;
        this.clock = clock;
        this.logRetention = logRetention;
    }

    // ---- links -------------------------------------------------------------------------------------------------

    @Override
    public boolean link(String referralId, CrmRecordRef crmRecord) {
        Map<String, AttributeValue> attributes = linkAttributes(referralId, crmRecord, clock.instant());
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    putLink(key(referralKey(referralId), LINK), attributes),
                    putLink(key(crmKey(crmRecord), LINK), attributes)));
            return true;
        } catch (TransactionCanceledException e) {
            if (!onlyConditionsFailed(e)) {
                throw e;
            }
            return linkByReferral(referralId).map(existing -> existing.crmRecord().equals(crmRecord)).orElse(false);
        }
    }

    @Override
    public boolean relink(String referralId, CrmRecordRef from, CrmRecordRef to) {
        Map<String, AttributeValue> attributes = linkAttributes(referralId, to, clock.instant());
        Map<String, AttributeValue> referralItem = new HashMap<>(key(referralKey(referralId), LINK));
        referralItem.putAll(attributes);
        TransactWriteItem moveReferralSide = TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(referralItem)
                .conditionExpression(LINKED_TO)
                .expressionAttributeValues(Map.of(":set", s(from.entitySet()), ":id", s(from.id())))
                .build()).build();
        TransactWriteItem dropOldSide = TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(crmKey(from), LINK)).build()).build();
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(moveReferralSide,
                    putLink(key(crmKey(to), LINK), attributes), dropOldSide));
            return true;
        } catch (TransactionCanceledException e) {
            if (!onlyConditionsFailed(e)) {
                throw e;
            }
            return linkByReferral(referralId).map(existing -> existing.crmRecord().equals(to)).orElse(false);
        }
    }

    private TransactWriteItem putLink(Map<String, AttributeValue> key, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.putAll(attributes);
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).conditionExpression(NOT_EXISTS).build())
                .build();
    }

    private static boolean onlyConditionsFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .map(CancellationReason::code)
                .allMatch(code -> code == null || code.equals("None") || code.equals("ConditionalCheckFailed"));
    }

    @Override
    public Optional<ReferralLink> linkByReferral(String referralId) {
        return get(referralKey(referralId), LINK).map(SyncStateItems::toLink);
    }

    @Override
    public Optional<ReferralLink> linkByCrmRecord(CrmRecordRef crmRecord) {
        return get(crmKey(crmRecord), LINK).map(SyncStateItems::toLink);
    }

    // ---- snapshots ---------------------------------------------------------------------------------------------

    @Override
    public Optional<SyncSnapshot> snapshot(String referralId) {
        return get(referralKey(referralId), SNAPSHOT).map(item -> toSnapshot(referralId, item));
    }

    @Override
    public LinkAndSnapshot linkAndSnapshot(String referralId) {
        return linkAndSnapshots(List.of(referralId)).get(referralId);
    }

    /**
     * {@value #REFERRALS_PER_BATCH_GET} referrals' two items per BatchGetItem (DynamoDB's most: 100 keys), consistent
     * reads; a key DynamoDB leaves unprocessed (throttling) is read on its own.
     */
    @Override
    public Map<String, LinkAndSnapshot> linkAndSnapshots(List<String> referralIds) {
        List<String> ids = referralIds.stream().distinct().toList();
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += REFERRALS_PER_BATCH_GET) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + REFERRALS_PER_BATCH_GET))) {
                keys.add(key(referralKey(id), LINK));
                keys.add(key(referralKey(id), SNAPSHOT));
            }
            batchGet(keys).forEach(item -> found.put(
                    item.get(SyncStateTable.PARTITION_KEY).s() + "/" + item.get(SyncStateTable.SORT_KEY).s(), item));
        }
        Map<String, LinkAndSnapshot> known = new LinkedHashMap<>();
        for (String id : ids) {
            known.put(id, new LinkAndSnapshot(
                    Optional.ofNullable(found.get(referralKey(id) + "/" + LINK)).map(SyncStateItems::toLink),
                    Optional.ofNullable(found.get(referralKey(id) + "/" + SNAPSHOT)).map(item -> toSnapshot(id, item))));
        }
        return known;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
        List<Map<String, AttributeValue>> items = new ArrayList<>(response.responses().getOrDefault(table, List.of()));
        KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
        if (unprocessed != null) {
            for (Map<String, AttributeValue> key : unprocessed.keys()) {
                get(key.get(SyncStateTable.PARTITION_KEY).s(), key.get(SyncStateTable.SORT_KEY).s()).ifPresent(items::add);
            }
        }
        return items;
    }

    @Override
    public boolean saveSnapshot(SyncSnapshot snapshot) {
        Put put = snapshotPut(snapshot);
        return conditionally(() -> dynamoDb.putItem(b -> b.tableName(table).item(put.item())
                .conditionExpression(put.conditionExpression())
                .expressionAttributeValues(put.expressionAttributeValues())));
    }

    /** The snapshot's put and the log entry's in one TransactWriteItems, so a log line never tells of a lost save. */
    @Override
    public boolean saveSnapshotAndLog(SyncSnapshot snapshot, SyncLogEntry entry) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(snapshotPut(snapshot)).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(logItem(entry, logRetention)).build()).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (!onlyConditionsFailed(e)) {
                throw e;
            }
            return false;
        }
    }

    private Put snapshotPut(SyncSnapshot snapshot) {
        boolean first = snapshot.revision() == 0;
        return Put.builder().tableName(table).item(snapshotItem(snapshot, clock.instant()))
                .conditionExpression(first ? NOT_EXISTS : SNAPSHOT_REVISION_MATCHES)
                .expressionAttributeValues(first ? null : Map.of(":expected", n(snapshot.revision())))
                .build();
    }

    // ---- cursors -----------------------------------------------------------------------------------------------

    @Override
    public Optional<SyncCursor> cursor(String name) {
        return get("CURSOR#" + name, "CURSOR").map(item -> new SyncCursor(name, item.get("cursorValue").s(),
                Long.parseLong(item.get("cursorVersion").n())));
    }

    @Override
    public boolean advance(String name, long expectedVersion, String newValue) {
        Map<String, AttributeValue> item = new HashMap<>(key("CURSOR#" + name, "CURSOR"));
        item.put("cursorValue", s(newValue));
        item.put("cursorVersion", n(expectedVersion + 1));
        item.put("updatedAt", s(clock.instant().toString()));
        boolean first = expectedVersion == 0;
        return conditionally(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                .conditionExpression(first ? NOT_EXISTS : CURSOR_VERSION_MATCHES)
                .expressionAttributeValues(first ? null : Map.of(":expected", n(expectedVersion)))));
    }

    // ---- leases ------------------------------------------------------------------------------------------------

    @Override
    public boolean tryAcquire(String name, String owner, Duration duration) {
        Instant now = clock.instant();
        Instant until = now.plus(duration);
        Map<String, AttributeValue> item = new HashMap<>(key("LEASE#" + name, "LEASE"));
        item.put("leaseOwner", s(owner));
        item.put("leaseUntil", n(until.toEpochMilli()));
        item.put(SyncStateTable.TTL_ATTRIBUTE, n(until.plus(LEASE_ITEM_RETENTION).getEpochSecond()));
        return conditionally(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                .conditionExpression(LEASE_FREE)
                .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli())))));
    }

    @Override
    public boolean renew(String name, String owner, Duration duration) {
        Instant until = clock.instant().plus(duration);
        return conditionally(() -> dynamoDb.updateItem(b -> b.tableName(table).key(key("LEASE#" + name, "LEASE"))
                .updateExpression("SET leaseUntil = :until, expiresAt = :expiresAt")
                .conditionExpression(LEASE_OWNED)
                .expressionAttributeValues(Map.of(
                        ":until", n(until.toEpochMilli()),
                        ":expiresAt", n(until.plus(LEASE_ITEM_RETENTION).getEpochSecond()),
                        ":owner", s(owner)))));
    }

    @Override
    public boolean release(String name, String owner) {
        return conditionally(() -> dynamoDb.deleteItem(b -> b.tableName(table).key(key("LEASE#" + name, "LEASE"))
                .conditionExpression(LEASE_OWNED)
                .expressionAttributeValues(Map.of(":owner", s(owner)))));
    }

    // ---- dedupe and sync log -----------------------------------------------------------------------------------

    @Override
    public boolean markIfFirst(String key, Duration ttl) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(key("DEDUPE#" + key, "DEDUPE"));
        item.put(SyncStateTable.TTL_ATTRIBUTE, n(now.plus(ttl).getEpochSecond()));
        return conditionally(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                .conditionExpression(DEDUPE_FIRST)
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))));
    }

    @Override
    public void unmark(String key) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key("DEDUPE#" + key, "DEDUPE")));
    }

    @Override
    public void append(SyncLogEntry entry) {
        dynamoDb.putItem(b -> b.tableName(table).item(logItem(entry, logRetention)));
    }

    @Override
    public List<SyncLogEntry> recentLog(String referralId, int limit) {
        return dynamoDb.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :log)")
                        .expressionAttributeValues(Map.of(":pk", s(referralKey(referralId)), ":log", s("LOG#")))
                        .scanIndexForward(false)
                        .limit(limit))
                .items().stream()
                .map(item -> toLogEntry(referralId, item))
                .toList();
    }

    // ---- pending retries ----------------------------------------------------------------------------------------

    @Override
    public void recordPendingRetry(PendingRetry retry) {
        dynamoDb.putItem(b -> b.tableName(table).item(pendingRetryItem(retry, logRetention)));
    }

    @Override
    public void clearPendingRetry(SyncDirection direction, String referralId, CrmRecordRef crmRecord) {
        dynamoDb.deleteItem(b -> b.tableName(table)
                .key(pendingRetryKey(direction, PendingRetry.subject(direction, referralId, crmRecord))));
    }

    @Override
    public List<PendingRetry> pendingRetries(int limit) {
        return dynamoDb.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(RETRY_PARTITION)))
                        .consistentRead(true)
                        .limit(limit))
                .items().stream()
                .map(SyncStateItems::toPendingRetry)
                .toList();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        var response = dynamoDb.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /** Runs a conditional write; false when its condition did not hold. */
    private static boolean conditionally(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException conditionFailed) {
            return false;
        }
    }
}
