package io.cosell.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK clients the functions use, on the light {@link UrlConnectionHttpClient} (fast Lambda cold start).
 */
public final class AwsClients {

    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(AwsClientSettings settings) {
        return configure(DynamoDbClient.builder(), settings)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static SqsClient sqs(AwsClientSettings settings) {
        return configure(SqsClient.builder(), settings)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static SecretsManagerClient secretsManager(AwsClientSettings settings) {
        return configure(SecretsManagerClient.builder(), settings)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsClientSettings settings) {
        builder.region(Region.of(settings.region()));
        settings.endpointOverride().ifPresentOrElse(
                endpoint -> builder.endpointOverride(endpoint).credentialsProvider(LOCAL_CREDENTIALS),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return builder;
    }
}
