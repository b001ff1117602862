package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.auth.EntraTokenProvider;
import io.cosell.shared.auth.InMemoryRefreshTokenStore;
import io.cosell.shared.auth.RefreshTokenStore;
import io.cosell.shared.auth.StoredRefreshToken;
import io.cosell.shared.doctor.ConnectorParts;
import io.cosell.shared.doctor.QueueDepth;
import io.cosell.shared.doctor.StateTableReadings;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.migration.MigrationGate;
import io.cosell.shared.partnercenter.HttpReferralClient;
import io.cosell.shared.partnercenter.HttpWebhookRegistrationClient;
import io.cosell.shared.registration.PartnerCenterWebhookRegistrar;
import io.cosell.shared.schema.ConnectorSchema;
import io.cosell.shared.schema.HttpMetadataClient;
import io.cosell.shared.schema.MetadataClient;
import io.cosell.shared.secrets.SecretSource;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.RegistrationReport;
import jakarta.enterprise.inject.Instance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Optional;

/**
 * The connector's parts as a function reaches them: its settings, secrets and AWS clients. Tokens come from fresh
 * providers on every call, so the doctor sees a secret or a refresh token that stopped working, and the refresh token
 * is only read: what its redemption returns is kept in memory, the store stays the sync's.
 */
final class FunctionParts implements ConnectorParts {

    private final ConnectionConfig connection;
    private final AwsConfig aws;
    private final DoctorConfig doctor;
    private final MappingSettings mappingSettings;
    private final SecretSource secrets;
    private final Instance<RefreshTokenStore> refreshTokens;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SyncStateStore state;
    private final InvocationDeadline deadline;
    private final ObjectMapper json;
    private final HttpClient http = ApiHttpClient.defaultHttpClient();

    FunctionParts(ConnectionConfig connection, AwsConfig aws, DoctorConfig doctor, MappingSettings mappingSettings,
                  SecretSource secrets, Instance<RefreshTokenStore> refreshTokens, DynamoDbClient dynamoDb,
                  SqsClient sqs, SyncStateStore state, InvocationDeadline deadline, ObjectMapper json) {
        this.connection = connection;
        this.aws = aws;
        this.doctor = doctor;
        this.mappingSettings = mappingSettings;
        this.secrets = secrets;
        this.refreshTokens = refreshTokens;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.state = state;
        this.deadline = deadline;
        this.json = json;
    }

    @Override
    public AccessTokenProvider dataverseTokens() {
        return EntraTokenProvider.clientCredentials(ApiProducers.entra(connection, secrets, dataverseScope()), http,
                json);
    }

    @Override
    public String dataverseScope() {
        return ApiProducers.dataverseScope(connection);
    }

    @Override
    public AccessTokenProvider partnerCenterTokens() {
        return partnerCenterTokens(HttpReferralClient.SCOPE);
    }

    @Override
    public Optional<Instant> refreshTokenStoredAt() {
        return refreshTokens.get().storedAt();
    }

    @Override
    public MetadataClient metadata() {
        return new HttpMetadataClient(api(dataverseTokens()), ApiProducers.dataverseApiRoot(connection), json);
    }

    @Override
    public ConnectorSchema wantedSchema() {
        return ConnectorSchema.of(mapping());
    }

    @Override
    public MappingConfig mapping() {
        return SyncProducers.mapping(mappingSettings, json);
    }

    @Override
    public String mappingSource() {
        return mappingSettings.json().map(text -> "the mapping in cosell.mapping.json (COSELL_MAPPING_JSON)")
                .or(() -> mappingSettings.file())
                .orElse("the built-in mapping");
    }

    @Override
    public String table() {
        return aws.syncTable();
    }

    @Override
    public String tableStatus() {
        return new StateTableReadings(dynamoDb, aws.syncTable()).status();
    }

    @Override
    public QueueDepth syncQueueDepth() {
        return QueueDepth.of(sqs, URI.create(aws.syncQueueUrl().orElseThrow(() -> new IllegalStateException(
                RequiredSettings.Need.SYNC_QUEUE.settings().getFirst() + " is not set"))));
    }

    @Override
    public QueueDepth deadLetterQueueDepth() {
        return QueueDepth.of(sqs, URI.create(aws.syncDlqUrl().orElseThrow(() -> new IllegalStateException(
                RequiredSettings.Need.DEAD_LETTER_QUEUE.settings().getFirst() + " is not set"))));
    }

    @Override
    public RegistrationReport webhookRegistration() {
        URI base = connection.partnerCenter().webhooksBaseUrl().orElse(HttpWebhookRegistrationClient.PRODUCTION_BASE_URI);
        return new PartnerCenterWebhookRegistrar(new HttpWebhookRegistrationClient(
                api(partnerCenterTokens(HttpWebhookRegistrationClient.SCOPE)), base, json)).show();
    }

    @Override
    public URI expectedWebhookUrl() {
        return doctor.webhookUrl().orElseThrow(() -> new IllegalStateException(
                "cosell.doctor.webhook-url (COSELL_DOCTOR_WEBHOOK_URL) is not set"));
    }

    @Override
    public Optional<Instant> leaseHeldUntil(String lease) {
        return new StateTableReadings(dynamoDb, aws.syncTable()).leaseHeldUntil(lease);
    }

    @Override
    public Optional<Instant> cursorUpdatedAt(String cursor) {
        return new StateTableReadings(dynamoDb, aws.syncTable()).cursorUpdatedAt(cursor);
    }

    @Override
    public Optional<Instant> migrationAppliedAt() {
        return MigrationGate.appliedAt(state);
    }

    /** The token the stored sign-in redeems; what the redemption returns is kept in memory, not stored. */
    private AccessTokenProvider partnerCenterTokens(String scope) {
        return ApiProducers.partnerCenterTokens(connection, secrets, () -> new InMemoryRefreshTokenStore(
                refreshTokens.get().load().map(StoredRefreshToken::value).orElseThrow(() ->
                        new IllegalStateException("no Partner Center refresh token is stored"))), scope, http, json);
    }

    private ApiHttpClient api(AccessTokenProvider tokens) {
        return new ApiHttpClient(http, tokens, RetryPolicy.defaults().within(() -> deadline.current().map(Deadline::at)),
                ApiProducers.REQUEST_TIMEOUT, json);
    }
}
