package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.queue.DeadLetterQueue;
import io.cosell.shared.queue.SqsDeadLetterQueue;
import io.cosell.shared.queue.SqsRedelivery;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.Heartbeats;
import io.cosell.shared.state.RenewedLeaseStore;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.usecase.Redelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;

/** CDI beans for the AWS side, shared by every function: one client each, created on first use. */
@ApplicationScoped
public class AwsProducers {

    @Produces
    @ApplicationScoped
    DynamoDbClient dynamoDb(AwsConfig config) {
        return AwsClients.dynamoDb(settings(config.aws().region(), config.aws().endpointDynamodb()));
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    SqsClient sqs(AwsConfig config) {
        return AwsClients.sqs(settings(config.aws().region(), config.aws().endpointSqs()));
    }

    void close(@Disposes SqsClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    SyncStateStore syncStateStore(DynamoDbClient dynamoDb, AwsConfig config) {
        return new RenewedLeaseStore(new DynamoDbSyncStateStore(dynamoDb, config.syncTable()),
                Heartbeats.onDaemonThread(), Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    SyncQueue syncQueue(SqsClient sqs, AwsConfig config, ObjectMapper json) {
        String queueUrl = config.syncQueueUrl().orElseThrow(() -> new IllegalStateException(
                RequiredSettings.Need.SYNC_QUEUE.settings().getFirst() + " is not set"));
        return new SqsSyncQueue(sqs, queueUrl, json);
    }

    @Produces
    @ApplicationScoped
    Redelivery redelivery(SqsClient sqs, AwsConfig config, RedeliveryConfig redelivery) {
        String queueUrl = config.syncQueueUrl().orElseThrow(() -> new IllegalStateException(
                RequiredSettings.Need.SYNC_QUEUE.settings().getFirst() + " is not set"));
        return new SqsRedelivery(sqs, queueUrl, redelivery.backoff());
    }

    @Produces
    @ApplicationScoped
    DeadLetterQueue deadLetterQueue(SqsClient sqs, AwsConfig config, ObjectMapper json) {
        String deadLetterQueueUrl = config.syncDlqUrl().orElseThrow(() -> new IllegalStateException(
                RequiredSettings.Need.DEAD_LETTER_QUEUE.settings().getFirst() + " is not set"));
        String queueUrl = config.syncQueueUrl().orElseThrow(() -> new IllegalStateException(
                RequiredSettings.Need.SYNC_QUEUE.settings().getFirst() + " is not set"));
        return new SqsDeadLetterQueue(sqs, deadLetterQueueUrl, queueUrl, json);
    }

    private static AwsClientSettings settings(String region, java.util.Optional<java.net.URI> endpoint) {
        return endpoint.map(AwsClientSettings::local).orElseGet(() -> AwsClientSettings.aws(region));
    }
}
