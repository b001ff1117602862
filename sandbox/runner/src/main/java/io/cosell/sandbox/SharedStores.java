package io.cosell.sandbox;

import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * DynamoDB Local and ElasticMQ started once and handed to one sandbox after another
 * ({@link SandboxOptions#withSharedStores}), as a test run does: two JVM starts less per sandbox. Each sandbox starts
 * on an empty sync table and empty queues ({@link #emptied(String)}); only one sandbox may use them at a time.
 */
public final class SharedStores implements AutoCloseable {

    private final DynamoDbLocalServer dynamoDb;
    private final ElasticMqServer sqs;
    private final List<ElasticMqServer.QueueSpec> queues;
    private final DynamoDbClient tables;
    private final SqsClient messages;

    private SharedStores(DynamoDbLocalServer dynamoDb, ElasticMqServer sqs, List<ElasticMqServer.QueueSpec> queues) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.queues = List.copyOf(queues);
        this.tables = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()));
        this.messages = AwsClients.sqs(AwsClientSettings.local(sqs.endpoint()));
    }

    /** Starts both on free ports, at once, ElasticMQ with these queues (the sandbox's: {@code Sandbox.QUEUES}). */
    public static SharedStores start(List<ElasticMqServer.QueueSpec> queues) {
        CompletableFuture<DynamoDbLocalServer> dynamoDbStart = CompletableFuture.supplyAsync(() -> DynamoDbLocalServer.start(0));
        ElasticMqServer sqs;
        try {
            sqs = ElasticMqServer.start(0, queues);
        } catch (RuntimeException e) {
            dynamoDbStart.thenAccept(DynamoDbLocalServer::close);
            throw e;
        }
        try {
            return new SharedStores(dynamoDbStart.join(), sqs, queues);
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

    /** Deletes the table (the sandbox creates it again) and every message of every queue, in flight or not. */
    SharedStores emptied(String tableName) {
        try {
            tables.deleteTable(b -> b.tableName(tableName));
        } catch (ResourceNotFoundException alreadyGone) {
            // the first sandbox on these stores
        }
        for (ElasticMqServer.QueueSpec queue : queues) {
            messages.purgeQueue(b -> b.queueUrl(sqs.queueUrl(queue.name())));
            messages.purgeQueue(b -> b.queueUrl(sqs.queueUrl(queue.deadLetterQueue())));
        }
        return this;
    }

    @Override
    public void close() {
        tables.close();
        messages.close();
        try {
            sqs.close();
        } finally {
            dynamoDb.close();
        }
    }
}
