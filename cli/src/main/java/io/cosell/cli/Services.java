package io.cosell.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.auth.EntraTokenProvider;
import io.cosell.shared.auth.EntraTokenSettings;
import io.cosell.shared.auth.InMemoryRefreshTokenStore;
import io.cosell.shared.aws.AwsClients;
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
import io.cosell.shared.state.DynamoDbSyncStateStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.http.HttpClient;
import java.time.Duration;

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
        return EntraTokenProvider.refreshToken(entra(HttpReferralClient.SCOPE),
                new InMemoryRefreshTokenStore(settings.refreshToken().get()), http, json);
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
    }
}
