package io.cosell.cli;

import io.cosell.shared.auth.FileRefreshTokenStore;
import io.cosell.shared.config.ApiProducers;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where the functions read the Partner Center refresh token, so consent stores it there: AWS Secrets Manager
 * ({@code <prefix>partner-center-refresh-token}, read through the Lambda extension) or the secrets folder
 * ({@code partner-center-refresh-token}, the sandbox's and any {@code COSELL_SECRETS_SOURCE=file} deployment's).
 */
sealed interface RefreshTokenDestination {

    /** What it stored and where, never the token. */
    String store(String refreshToken);

    String describe();

    static RefreshTokenDestination of(Services services) {
        Settings settings = services.settings;
        if (settings.secretPrefix().isPresent()) {
            return new SecretsManagerSecret(settings.secretPrefix().get() + ApiProducers.PARTNER_CENTER_REFRESH_TOKEN,
                    services::secretsManager);
        }
        return settings.secretsFolder().map(dir -> (RefreshTokenDestination) new SecretsFile(
                dir.resolve(ApiProducers.PARTNER_CENTER_REFRESH_TOKEN))).orElseThrow(() -> new IllegalStateException(
                "nowhere to store the refresh token: --secret-prefix (the stack's Secrets Manager prefix, e.g. "
                        + "cosell/prod/) or --secrets-dir (or --sandbox)"));
    }

    record SecretsFile(Path file) implements RefreshTokenDestination {
        @Override
        public String store(String refreshToken) {
            new FileRefreshTokenStore(file).save(refreshToken);
            return "stored the refresh token in " + file.toAbsolutePath() + " (owner-only file)";
        }

        @Override
        public String describe() {
            return "the file " + file.toAbsolutePath();
        }
    }

    record SecretsManagerSecret(String secretId,
                                Supplier<software.amazon.awssdk.services.secretsmanager.SecretsManagerClient> client)
            implements RefreshTokenDestination {
        @Override
        public String store(String refreshToken) {
            PutSecretValueResponse response = client.get().putSecretValue(b -> b.secretId(secretId)
                    .secretString(refreshToken));
            return "stored the refresh token in AWS Secrets Manager: " + response.arn() + " (version "
                    + response.versionId() + ", AWSCURRENT)";
        }

        @Override
        public String describe() {
            return "the AWS Secrets Manager secret " + secretId;
        }
    }
}
