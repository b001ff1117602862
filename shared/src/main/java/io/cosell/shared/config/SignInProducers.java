package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.FileRefreshTokenStore;
import io.cosell.shared.auth.RefreshTokenKeepAlive;
import io.cosell.shared.auth.RefreshTokenStore;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.metrics.EmfWriter;
import io.cosell.shared.metrics.Metrics;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.secrets.SecretSource;
import io.cosell.shared.secrets.SecretsManagerRefreshTokenStore;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.sync.SignInExpiredMessages;
import io.cosell.shared.usecase.TokenKeepAlive;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.file.Path;
import java.time.Clock;

/**
 * CDI beans for the Partner Center sign-in: where its refresh token is stored (the secret file in the sandbox,
 * Secrets Manager through the AWS SDK in AWS), the keep-alive, what a sync does when the sign-in is dead, and the
 * metrics every function writes.
 */
@ApplicationScoped
public class SignInProducers {

    @Produces
    @Singleton
    Metrics metrics(ObjectMapper json) {
        return new Metrics(new EmfWriter(System.out, Clock.systemUTC(), json), Metrics.functionName());
    }

    @Produces
    @ApplicationScoped
    SecretsManagerClient secretsManager(AwsConfig config) {
        return AwsClients.secretsManager(config.aws().endpointSecretsmanager().map(AwsClientSettings::local)
                .orElseGet(() -> AwsClientSettings.aws(config.aws().region())));
    }

    void close(@Disposes SecretsManagerClient client) {
        client.close();
    }

    /** The secret {@code <location>partner-center-refresh-token}, in the store {@code cosell.secrets.source} names. */
    @Produces
    @ApplicationScoped
    RefreshTokenStore refreshTokenStore(ConnectionConfig config, jakarta.enterprise.inject.Instance<SecretsManagerClient> secrets) {
        String location = config.secrets().location();
        return switch (config.secrets().source()) {
            case "file" -> new FileRefreshTokenStore(Path.of(location).resolve(ApiProducers.PARTNER_CENTER_REFRESH_TOKEN));
            case "lambda-extension" -> new SecretsManagerRefreshTokenStore(secrets.get(),
                    location + ApiProducers.PARTNER_CENTER_REFRESH_TOKEN);
            default -> throw new IllegalStateException("cosell.secrets.source must be 'file' or 'lambda-extension', not '"
                    + config.secrets().source() + "'");
        };
    }

    @Produces
    @ApplicationScoped
    TokenKeepAlive tokenKeepAlive(ApiProducers apis, ConnectionConfig config, SecretSource secrets,
                                  RefreshTokenStore store, Metrics metrics) {
        return new RefreshTokenKeepAlive(apis.partnerCenterRefreshTokens(config, secrets, store), metrics);
    }

    @Produces
    @ApplicationScoped
    SignInExpiredMessages signInExpiredMessages(SyncStateStore state, DataverseClient crm, MappingConfig mapping,
                                                SyncQueue queue, Metrics metrics, ConnectionConfig config) {
        return new SignInExpiredMessages(state, crm, mapping.connectorColumns().audit(), queue, metrics,
                config.partnerCenter().signInRetryDelay(), Clock.systemUTC());
    }
}
