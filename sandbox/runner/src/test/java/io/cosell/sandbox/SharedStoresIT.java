package io.cosell.sandbox;

import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What one sandbox leaves in DynamoDB Local and ElasticMQ, the next one on the same stores does not see. */
class SharedStoresIT {

    private static SharedStores stores;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        stores = SharedStores.start(Sandbox.QUEUES);
        dynamoDb = AwsClients.dynamoDb(AwsClientSettings.local(stores.dynamoDb().endpoint()));
        sqs = AwsClients.sqs(AwsClientSettings.local(stores.sqs().endpoint()));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        dynamoDb.close();
        stores.close();
    }

    @Test
    void empty_leaves_no_item_and_no_message_waiting_or_in_flight() {
        // given: a sync state row, a message in flight on the sync queue, one waiting, one dead-lettered
        SyncStateTable.createIfMissing(dynamoDb, Sandbox.SYNC_TABLE);
        dynamoDb.putItem(b -> b.tableName(Sandbox.SYNC_TABLE).item(Map.of(
                SyncStateTable.PARTITION_KEY, AttributeValue.fromS("referral#left-over"),
                SyncStateTable.SORT_KEY, AttributeValue.fromS("link"))));
        String queue = stores.sqs().queueUrl(Sandbox.SYNC_QUEUE);
        String deadLetters = stores.sqs().queueUrl(Sandbox.SYNC_DLQ);
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("in flight"));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()).hasSize(1);
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("waiting"));
        sqs.sendMessage(b -> b.queueUrl(deadLetters).messageBody("dead letter"));
        assertThat(messages(queue)).isEqualTo(2);

        // when
        stores.emptied(Sandbox.SYNC_TABLE);
        SyncStateTable.createIfMissing(dynamoDb, Sandbox.SYNC_TABLE);

        // then
        assertThat(dynamoDb.scan(b -> b.tableName(Sandbox.SYNC_TABLE)).count()).isZero();
        assertThat(messages(queue)).isZero();
        assertThat(messages(deadLetters)).isZero();
    }

    /** Waiting, in flight and delayed messages together. */
    private static int messages(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
