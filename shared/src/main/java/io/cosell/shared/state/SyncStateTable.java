package io.cosell.shared.state;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one DynamoDB table that holds all sync state: string partition key {@value #PARTITION_KEY}, string sort key
 * {@value #SORT_KEY}, on-demand billing, items expiring by the epoch-seconds attribute {@value #TTL_ATTRIBUTE}.
 * The SAM template and Terraform declare exactly this; {@link #createIfMissing} is for local runs.
 */
public final class SyncStateTable {

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private SyncStateTable() {
    }

    public static CreateTableRequest definition(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }

    /** Creates the table (and turns on TTL) unless it exists; returns once the table is active. */
    public static void createIfMissing(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.describeTable(b -> b.tableName(tableName));
            return;
        } catch (ResourceNotFoundException missing) {
            try {
                dynamoDb.createTable(definition(tableName));
            } catch (ResourceInUseException createdMeanwhile) {
                // another process created it first: fine
            }
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        try {
            dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(TTL_ATTRIBUTE).enabled(true)));
        } catch (SdkException ttlUnsupported) {
            // Local stand-ins may not support TTL; readers check expiresAt themselves where it matters.
        }
    }
}
