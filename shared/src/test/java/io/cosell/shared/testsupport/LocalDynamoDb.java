package io.cosell.shared.testsupport;

import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local per test JVM, started on first use and stopped when the JVM exits. Test classes share it and
 * keep apart by using their own table names.
 */
public final class LocalDynamoDb {

    private LocalDynamoDb() {
    }

    private static final class Holder {
        static final DynamoDbLocalServer SERVER = DynamoDbLocalServer.start(0);
        static final DynamoDbClient CLIENT = AwsClients.dynamoDb(AwsClientSettings.local(SERVER.endpoint()));
    }

    public static DynamoDbClient client() {
        return Holder.CLIENT;
    }
}
