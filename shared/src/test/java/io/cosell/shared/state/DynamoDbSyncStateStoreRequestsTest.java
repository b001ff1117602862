package io.cosell.shared.state;

import io.cosell.shared.testsupport.MutableClock;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Pins the exact keys and condition expressions the store sends (the SAM template, IAM conditions and the data of a
 * running deployment depend on them). The AWS SDK builds each real request; an interceptor records it and stops it
 * before it goes on the wire.
 */
class DynamoDbSyncStateStoreRequestsTest {

    private static final Instant NOW = Instant.parse("2025-03-05T14:00:00Z");

    private static final class Recorded extends RuntimeException {
        final SdkRequest request;

        Recorded(SdkRequest request) {
            super("recorded, not sent");
            this.request = request;
        }
    }

    private final DynamoDbClient recording = DynamoDbClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    throw new Recorded(context.request());
                }
            }))
            .build();

    private final DynamoDbSyncStateStore store =
            new DynamoDbSyncStateStore(recording, "sync-state", new MutableClock(NOW), Duration.ofDays(90));

    @SuppressWarnings("unchecked")
    private static <T extends SdkRequest> T recorded(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        while (thrown != null && !(thrown instanceof Recorded)) {
            thrown = thrown.getCause();
        }
        assertThat(thrown).as("a recorded request").isNotNull();
        return (T) ((Recorded) thrown).request;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    @Test
    void lease_is_taken_only_when_free_or_run_out() {
        // when
        PutItemRequest put = recorded(() -> store.tryAcquire("crm-poller", "run-1", Duration.ofMinutes(1)));

        // then
        assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(pk) OR leaseUntil < :now");
        assertThat(put.expressionAttributeValues()).containsEntry(":now", AttributeValue.fromN(Long.toString(NOW.toEpochMilli())));
        assertThat(put.item()).containsAllEntriesOf(key("LEASE#crm-poller", "LEASE"))
                .containsEntry("leaseOwner", AttributeValue.fromS("run-1"))
                .containsEntry("leaseUntil", AttributeValue.fromN(Long.toString(NOW.plusSeconds(60).toEpochMilli())));
    }

    @Test
    void lease_is_renewed_and_released_only_by_its_owner() {
        // when
        UpdateItemRequest renew = recorded(() -> store.renew("crm-poller", "run-1", Duration.ofMinutes(1)));
        DeleteItemRequest release = recorded(() -> store.release("crm-poller", "run-1"));

        // then
        assertThat(renew.conditionExpression()).isEqualTo("leaseOwner = :owner");
        assertThat(renew.updateExpression()).isEqualTo("SET leaseUntil = :until, expiresAt = :expiresAt");
        assertThat(renew.key()).isEqualTo(key("LEASE#crm-poller", "LEASE"));
        assertThat(release.conditionExpression()).isEqualTo("leaseOwner = :owner");
        assertThat(release.expressionAttributeValues()).containsEntry(":owner", AttributeValue.fromS("run-1"));
    }

    @Test
    void dedupe_marks_only_absent_or_expired_keys_and_sets_the_ttl() {
        // when
        PutItemRequest put = recorded(() -> store.markIfFirst("evt-1", Duration.ofHours(1)));

        // then
        assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(pk) OR expiresAt < :now");
        assertThat(put.item()).containsAllEntriesOf(key("DEDUPE#evt-1", "DEDUPE"))
                .containsEntry("expiresAt", AttributeValue.fromN(Long.toString(NOW.plusSeconds(3600).getEpochSecond())));
    }

    @Test
    void unmark_deletes_the_dedupe_item_of_the_key() {
        // when
        DeleteItemRequest delete = recorded(() -> store.unmark("evt-1"));

        // then
        assertThat(delete.tableName()).isEqualTo("sync-state");
        assertThat(delete.key()).isEqualTo(key("DEDUPE#evt-1", "DEDUPE"));
        assertThat(delete.conditionExpression()).isNull();
    }

    @Test
    void cursor_is_created_only_when_absent_and_advanced_only_from_the_expected_version() {
        // when
        PutItemRequest create = recorded(() -> store.advance("crm-poller#opportunities", 0, "delta-1"));
        PutItemRequest advance = recorded(() -> store.advance("crm-poller#opportunities", 4, "delta-5"));

        // then
        assertThat(create.conditionExpression()).isEqualTo("attribute_not_exists(pk)");
        assertThat(create.expressionAttributeValues()).isEmpty();
        assertThat(advance.conditionExpression()).isEqualTo("cursorVersion = :expected");
        assertThat(advance.expressionAttributeValues()).containsEntry(":expected", AttributeValue.fromN("4"));
        assertThat(advance.item()).containsAllEntriesOf(key("CURSOR#crm-poller#opportunities", "CURSOR"))
                .containsEntry("cursorVersion", AttributeValue.fromN("5"))
                .containsEntry("cursorValue", AttributeValue.fromS("delta-5"));
    }

    @Test
    void snapshot_is_saved_only_over_the_revision_it_was_read_at() {
        // when
        PutItemRequest put = recorded(() -> store.saveSnapshot(
                new SyncSnapshot("ref-1", Map.of(), Map.of(), null, null, null, 7)));

        // then
        assertThat(put.conditionExpression()).isEqualTo("snapshotRevision = :expected");
        assertThat(put.expressionAttributeValues()).containsEntry(":expected", AttributeValue.fromN("7"));
        assertThat(put.item()).containsAllEntriesOf(key("REFERRAL#ref-1", "SNAPSHOT"))
                .containsEntry("snapshotRevision", AttributeValue.fromN("8"));
    }

    @Test
    void link_writes_both_directions_in_one_transaction_each_only_if_absent() {
        // when
        TransactWriteItemsRequest tx = recorded(() -> store.link("ref-1", new CrmRecordRef("opportunities", "opp-1")));

        // then
        assertThat(tx.transactItems()).extracting(TransactWriteItem::put)
                .allSatisfy(put -> assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(pk)"))
                .extracting(put -> put.item().get("pk").s() + " / " + put.item().get("sk").s())
                .containsExactly("REFERRAL#ref-1 / LINK", "CRM#opportunities#opp-1 / LINK");
    }

    @Test
    void link_and_snapshot_are_one_consistent_batch_get_of_the_referrals_two_items() {
        // when
        BatchGetItemRequest batch = recorded(() -> store.linkAndSnapshot("ref-1"));

        // then
        KeysAndAttributes keys = batch.requestItems().get("sync-state");
        assertThat(batch.requestItems()).containsOnlyKeys("sync-state");
        assertThat(keys.consistentRead()).isTrue();
        assertThat(keys.keys()).containsExactly(key("REFERRAL#ref-1", "LINK"), key("REFERRAL#ref-1", "SNAPSHOT"));
    }

    @Test
    void snapshot_and_log_entry_are_one_transaction_whose_snapshot_put_keeps_its_revision_condition() {
        // given
        SyncSnapshot snapshot = new SyncSnapshot("ref-1", Map.of(), Map.of(), null, null, null, 7);
        SyncLogEntry entry = new SyncLogEntry("ref-1", NOW, SyncDirection.PC_TO_CRM, List.of(), SyncOutcome.NO_CHANGE,
                "Nothing changed.");

        // when
        TransactWriteItemsRequest tx = recorded(() -> store.saveSnapshotAndLog(snapshot, entry));

        // then
        assertThat(tx.transactItems()).hasSize(2);
        Put snapshotPut = tx.transactItems().get(0).put();
        assertThat(snapshotPut.item()).containsAllEntriesOf(key("REFERRAL#ref-1", "SNAPSHOT"));
        assertThat(snapshotPut.conditionExpression()).isEqualTo("snapshotRevision = :expected");
        assertThat(snapshotPut.expressionAttributeValues()).containsEntry(":expected", AttributeValue.fromN("7"));
        Put logPut = tx.transactItems().get(1).put();
        assertThat(logPut.item().get("pk").s()).isEqualTo("REFERRAL#ref-1");
        assertThat(logPut.item().get("sk").s()).startsWith("LOG#2025-03-05T14:00:00.000000000Z#");
        assertThat(logPut.conditionExpression()).isNull();
    }
}
