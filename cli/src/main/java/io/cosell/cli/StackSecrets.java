package io.cosell.cli;

import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.util.Optional;

/**
 * A deployed stack's secret, read from AWS Secrets Manager as its functions read it ({@code <prefix><name>}, e.g.
 * {@code cosell/prod/entra-client-secret}), with the AWS credentials of whoever runs the command line.
 */
final class StackSecrets {

    private StackSecrets() {
    }

    /** The secret's value; empty when no such secret exists or it holds no value yet. */
    static Optional<String> read(String region, Optional<URI> endpoint, String secretId) {
        if (region.isBlank()) {
            throw new IllegalStateException("no AWS region to read the secret " + secretId
                    + " from: --region, AWS_REGION or --stack");
        }
        try (SecretsManagerClient secrets = AwsClients.secretsManager(new AwsClientSettings(region, endpoint))) {
            return Optional.ofNullable(secrets.getSecretValue(b -> b.secretId(secretId)).secretString())
                    .filter(value -> !value.isBlank());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
