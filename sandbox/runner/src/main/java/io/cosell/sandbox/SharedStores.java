package io.cosell.sandbox;

import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * DynamoDB Local and ElasticMQ started once and handed to one sandbox after another
 * ({@link SandboxOptions#withSharedStores}), as a test run does: two JVM starts less per sandbox. Each sandbox starts
 * on an empty sync table and empty queues ({@link #empty()}); only one sandbox may use them at a time.
 */
public final class SharedStores implements AutoCloseable {

    private final DynamoDbLocalServer dynamoDb;
    private final ElasticMqServer sqs;

    private SharedStores(DynamoDbLocalServer dynamoDb, ElasticMqServer sqs) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
    }

    /** Starts both on free ports, at once, with the sandbox's queues. */
    public static SharedStores start() {
        CompletableFuture<DynamoDbLocalServer> dynamoDbStart = CompletableFuture.supplyAsync(() -> DynamoDbLocalServer.start(0));
        ElasticMqServer sqs = ElasticMqServer.start(0, Sandbox.QUEUES);
        try {
            return new SharedStores(dynamoDbStart.join(), sqs);
        } catch (CompletionException e) {
            sqs.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public DynamoDbLocalServer dynamoDb() {
        return dynamoDb;
    }

    public ElasticMqServer sqs() {
        return sqs;
    }

    /** Deletes the sync table (the sandbox creates it again) and every message of every sandbox queue, in flight or not. */
    void empty() {
        try (DynamoDbClient tables = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()));
             SqsClient queues = AwsClients.sqs(AwsClientSettings.local(sqs.endpoint()))) {
            try {
                tables.deleteTable(b -> b.tableName(Sandbox.SYNC_TABLE));
            } catch (ResourceNotFoundException alreadyGone) {
                // the first sandbox on these stores
            }
            for (ElasticMqServer.QueueSpec queue : Sandbox.QUEUES) {
                queues.purgeQueue(b -> b.queueUrl(sqs.queueUrl(queue.name())));
                queues.purgeQueue(b -> b.queueUrl(sqs.queueUrl(queue.deadLetterQueue())));
            }
        }
    }

    @Override
    public void close() {
        try {
            sqs.close();
        } finally {
            dynamoDb.close();
        }
    }
}
