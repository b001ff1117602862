package io.cosell.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.auth.EntraTokenProvider;
import io.cosell.shared.auth.EntraTokenSettings;
import io.cosell.shared.auth.FileRefreshTokenStore;
import io.cosell.shared.auth.InMemoryRefreshTokenStore;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.config.ApiProducers;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.HttpDataverseClient;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.json.JsonSetup;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.HttpReferralClient;
import io.cosell.shared.schema.ConnectorSchema;
import io.cosell.shared.schema.HttpMetadataClient;
import io.cosell.shared.schema.MetadataClient;
import io.cosell.shared.secrets.SecretsManagerRefreshTokenStore;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import io.cosell.shared.partnercenter.HttpWebhookRegistrationClient;
import io.cosell.shared.queue.SqsDeadLetterQueue;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.registration.PartnerCenterWebhookRegistrar;
import io.cosell.shared.sync.admin.DeadLetterRedrive;
import io.cosell.shared.sync.admin.QueueResync;
import io.cosell.shared.usecase.DeadLetterReplay;
import io.cosell.shared.usecase.Resync;
import io.cosell.shared.usecase.WebhookRegistrar;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The connector's own clients (shared's, built without CDI), made from {@link Settings} on first use, so a command
 * that never calls an API never asks for its secret.
 */
final class Services implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    final Settings settings;
    final ObjectMapper json = JsonSetup.newMapper();
    private final HttpClient http = ApiHttpClient.defaultHttpClient();
    private AccessTokenProvider dataverseTokens;
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private SecretsManagerClient secretsManager;

    Services(Settings settings) {
        this.settings = settings;
    }

    synchronized AccessTokenProvider dataverseTokens() {
        if (dataverseTokens == null) {
            String scope = settings.dataverseScope().orElseThrow(() -> new IllegalStateException(
                    "no Dataverse URL: --dataverse-url or COSELL_DATAVERSE_API_ROOT (or --sandbox)"));
            dataverseTokens = EntraTokenProvider.clientCredentials(entra(scope), http, json);
        }
        return dataverseTokens;
    }

    /** A fresh provider each time: doctor must see a refresh token that stopped working. */
    AccessTokenProvider partnerCenterTokens() {
        return partnerCenterTokens(HttpReferralClient.SCOPE, settings.refreshToken().get());
    }

    /** When the refresh token the functions use was stored, from the same place {@link Settings} reads it. */
    Optional<Instant> refreshTokenStoredAt() {
        if (settings.secretsFolder().isPresent()) {
            return new FileRefreshTokenStore(settings.secretsFolder().get()
                    .resolve(ApiProducers.PARTNER_CENTER_REFRESH_TOKEN)).storedAt();
        }
        return settings.secretPrefix().filter(prefix -> !settings.sandbox()).flatMap(prefix ->
                new SecretsManagerRefreshTokenStore(secretsManager(), prefix + ApiProducers.PARTNER_CENTER_REFRESH_TOKEN)
                        .storedAt());
    }

    AccessTokenProvider partnerCenterTokens(String scope, String refreshToken) {
        return EntraTokenProvider.refreshToken(entra(scope), new InMemoryRefreshTokenStore(refreshToken), http, json);
    }

    /** The Referrals API with the given refresh token (consent verifies what it stores). */
    HttpReferralClient referrals(String refreshToken) {
        return new HttpReferralClient(api(partnerCenterTokens(HttpReferralClient.SCOPE, refreshToken)),
                settings.partnerCenterBaseUrl(), json);
    }

    /** The registration use case the registration function runs, with the stored refresh token. */
    WebhookRegistrar registrar() {
        return new PartnerCenterWebhookRegistrar(new HttpWebhookRegistrationClient(
                api(partnerCenterTokens(HttpWebhookRegistrationClient.SCOPE, settings.refreshToken().get())),
                settings.webhooksBaseUrl(), json));
    }

    Resync resync() {
        return new QueueResync(new SqsSyncQueue(sqs(), settings.requireQueue().toString(), json), Clock.systemUTC());
    }

    DeadLetterReplay deadLetterReplay() {
        return new DeadLetterRedrive(new SqsDeadLetterQueue(sqs(), settings.requireDlq().toString(),
                settings.requireQueue().toString(), json));
    }

    HttpClient http() {
        return http;
    }

    EntraTokenSettings entraSettings(String scope) {
        return entra(scope);
    }

    synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            secretsManager = AwsClients.secretsManager(new AwsClientSettings(settings.requireRegion(),
                    settings.secretsManagerEndpoint()));
        }
        return secretsManager;
    }

    DataverseClient dataverse() {
        return new HttpDataverseClient(api(dataverseTokens()), settings.requireDataverse(), json);
    }

    MetadataClient metadata() {
        return new HttpMetadataClient(api(dataverseTokens()), settings.requireDataverse(), json);
    }

    HttpReferralClient referrals() {
        return new HttpReferralClient(api(partnerCenterTokens()), settings.partnerCenterBaseUrl(), json);
    }

    MappingConfig mapping() {
        return settings.mappingJson().map(text -> MappingConfig.fromJson(json, text)).orElse(MappingConfig.defaults());
    }

    ConnectorSchema schema() {
        return ConnectorSchema.of(mapping());
    }

    synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = AwsClients.dynamoDb(settings.requireDynamoDb());
        }
        return dynamoDb;
    }

    DynamoDbSyncStateStore state() {
        return new DynamoDbSyncStateStore(dynamoDb(), settings.table());
    }

    synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = AwsClients.sqs(settings.requireSqs());
        }
        return sqs;
    }

    private EntraTokenSettings entra(String scope) {
        return new EntraTokenSettings(settings.entraAuthority(),
                settings.tenant().orElseThrow(() -> new IllegalStateException("no tenant: --tenant or COSELL_ENTRA_TENANT")),
                settings.clientId().orElseThrow(() -> new IllegalStateException("no client id: --client-id or COSELL_ENTRA_CLIENT_ID")),
                settings.clientSecret().get(), scope);
    }

    private ApiHttpClient api(AccessTokenProvider tokens) {
        return new ApiHttpClient(http, tokens, RetryPolicy.defaults(), REQUEST_TIMEOUT, json);
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (secretsManager != null) {
            secretsManager.close();
        }
    }
}
