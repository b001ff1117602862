package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Optional;

/**
 * Where the connector's AWS resources are. In AWS the stack sets the table and queue, and Lambda sets
 * {@code AWS_REGION}, the region's default; the endpoints are only set in the sandbox (DynamoDB Local, ElasticMQ).
 * Environment names: {@code COSELL_AWS_REGION},
 * {@code COSELL_AWS_ENDPOINT_DYNAMODB}, {@code COSELL_AWS_ENDPOINT_SQS}, {@code COSELL_AWS_ENDPOINT_SECRETSMANAGER},
 * {@code COSELL_SYNC_TABLE}, {@code COSELL_SYNC_QUEUE_URL}, {@code COSELL_SYNC_DLQ_URL}.
 */
@ConfigMapping(prefix = "cosell")
public interface AwsConfig {

    Aws aws();

    /** The DynamoDB table holding links, snapshots, cursors, leases, dedupe keys and the sync log. */
    @WithDefault("cosell-sync")
    String syncTable();

    /** The SQS queue the receiver and the poller feed; required where they run (see {@link StartupCheck}). */
    Optional<String> syncQueueUrl();

    /** The sync queue's dead-letter queue; required where dead letters are replayed (see {@link StartupCheck}). */
    Optional<String> syncDlqUrl();

    interface Aws {
        /** The function's own region (Lambda sets {@code AWS_REGION}); {@code us-east-1} outside Lambda. */
        @WithDefault("${AWS_REGION:us-east-1}")
        String region();

        Optional<URI> endpointDynamodb();

        Optional<URI> endpointSqs();

        /** A local stand-in for Secrets Manager (tests); empty in AWS. */
        Optional<URI> endpointSecretsmanager();
    }
}
