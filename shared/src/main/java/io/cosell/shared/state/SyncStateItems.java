package io.cosell.shared.state;

import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The item layout of {@link DynamoDbSyncStateStore}: its keys, and each record of the sync state as the attributes of
 * an item and back. The store decides which requests carry them and under which conditions.
 */
final class SyncStateItems {

    static final String LINK = "LINK";
    static final String SNAPSHOT = "SNAPSHOT";
    static final String RETRY_PARTITION = "RETRY";

    /** Fixed width, so that sort keys order by time. */
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SyncStateItems() {
    }

    static String referralKey(String referralId) {
        return "REFERRAL#" + referralId;
    }

    static String crmKey(CrmRecordRef record) {
        return "CRM#" + record.entitySet() + "#" + record.id();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(SyncStateTable.PARTITION_KEY, s(pk), SyncStateTable.SORT_KEY, s(sk));
    }

    // ---- links -------------------------------------------------------------------------------------------------

    /** What both items of a link hold besides their keys. */
    static Map<String, AttributeValue> linkAttributes(String referralId, CrmRecordRef record, Instant linkedAt) {
        return Map.of(
                "referralId", s(referralId),
                "crmEntitySet", s(record.entitySet()),
                "crmId", s(record.id()),
                "linkedAt", s(linkedAt.toString()));
    }

    static ReferralLink toLink(Map<String, AttributeValue> item) {
        return new ReferralLink(item.get("referralId").s(),
                new CrmRecordRef(item.get("crmEntitySet").s(), item.get("crmId").s()),
                Instant.parse(item.get("linkedAt").s()));
    }

    // ---- snapshots ---------------------------------------------------------------------------------------------

    /** The item that stores {@code snapshot} as its next revision. */
    static Map<String, AttributeValue> snapshotItem(SyncSnapshot snapshot, Instant savedAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(referralKey(snapshot.referralId()), SNAPSHOT));
        item.put("partnerCenterFields", toMap(snapshot.partnerCenterFields()));
        item.put("crmFields", toMap(snapshot.crmFields()));
        putIfPresent(item, "partnerCenterETag", snapshot.partnerCenterETag());
        putIfPresent(item, "partnerCenterUpdatedAt",
                snapshot.partnerCenterUpdatedAt() == null ? null : snapshot.partnerCenterUpdatedAt().toString());
        putIfPresent(item, "crmETag", snapshot.crmETag());
        item.put("snapshotRevision", n(snapshot.revision() + 1));
        item.put("savedAt", s(savedAt.toString()));
        return item;
    }

    static SyncSnapshot toSnapshot(String referralId, Map<String, AttributeValue> item) {
        return new SyncSnapshot(referralId,
                fromMap(item.get("partnerCenterFields")), fromMap(item.get("crmFields")),
                optionalString(item, "partnerCenterETag"),
                Optional.ofNullable(optionalString(item, "partnerCenterUpdatedAt")).map(Instant::parse).orElse(null),
                optionalString(item, "crmETag"),
                Long.parseLong(item.get("snapshotRevision").n()));
    }

    // ---- sync log ----------------------------------------------------------------------------------------------

    static Map<String, AttributeValue> logItem(SyncLogEntry entry, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>(
                key(referralKey(entry.referralId()), "LOG#" + LOG_TIME.format(entry.at()) + "#" + UUID.randomUUID()));
        item.put("at", s(entry.at().toString()));
        item.put("direction", s(entry.direction().name()));
        item.put("changedFields", AttributeValue.fromL(entry.changedFields().stream().map(SyncStateItems::s).toList()));
        item.put("outcome", s(entry.outcome().name()));
        putIfPresent(item, "message", entry.message());
        item.put(SyncStateTable.TTL_ATTRIBUTE, n(entry.at().plus(retention).getEpochSecond()));
        return item;
    }

    static SyncLogEntry toLogEntry(String referralId, Map<String, AttributeValue> item) {
        return new SyncLogEntry(referralId, Instant.parse(item.get("at").s()),
                SyncDirection.valueOf(item.get("direction").s()),
                item.get("changedFields").l().stream().map(AttributeValue::s).toList(),
                SyncOutcome.valueOf(item.get("outcome").s()),
                optionalString(item, "message"));
    }

    // ---- pending retries ---------------------------------------------------------------------------------------

    static Map<String, AttributeValue> pendingRetryKey(SyncDirection direction, String subject) {
        return key(RETRY_PARTITION, direction + "#" + subject);
    }

    static Map<String, AttributeValue> pendingRetryItem(PendingRetry retry, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>(pendingRetryKey(retry.direction(), retry.subject()));
        item.put("direction", s(retry.direction().name()));
        putIfPresent(item, "referralId", retry.referralId());
        if (retry.crmRecord() != null) {
            item.put("crmEntitySet", s(retry.crmRecord().entitySet()));
            item.put("crmId", s(retry.crmRecord().id()));
        }
        item.put("at", s(retry.at().toString()));
        putIfPresent(item, "message", retry.reason());
        item.put(SyncStateTable.TTL_ATTRIBUTE, n(retry.at().plus(retention).getEpochSecond()));
        return item;
    }

    static PendingRetry toPendingRetry(Map<String, AttributeValue> item) {
        return new PendingRetry(SyncDirection.valueOf(item.get("direction").s()),
                optionalString(item, "referralId"),
                item.containsKey("crmId") ? new CrmRecordRef(item.get("crmEntitySet").s(), item.get("crmId").s()) : null,
                Instant.parse(item.get("at").s()), optionalString(item, "message"));
    }

    // ---- attributes --------------------------------------------------------------------------------------------

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue toMap(Map<String, String> fields) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        fields.forEach((name, value) -> map.put(name, s(value)));
        return AttributeValue.fromM(map);
    }

    private static Map<String, String> fromMap(AttributeValue value) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((name, v) -> fields.put(name, v.s()));
        }
        return fields;
    }
}
