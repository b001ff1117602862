package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.auth.EntraTokenProvider;
import io.cosell.shared.auth.EntraTokenSettings;
import io.cosell.shared.auth.RefreshTokenStore;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.crm.HttpDataverseClient;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.http.RetryPolicy;
import io.cosell.shared.metrics.Metrics;
import io.cosell.shared.partnercenter.HttpReferralClient;
import io.cosell.shared.partnercenter.HttpWebhookRegistrationClient;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.WebhookRegistrationClient;
import io.cosell.shared.secrets.FileSecretSource;
import io.cosell.shared.secrets.LambdaExtensionSecretSource;
import io.cosell.shared.secrets.SecretSource;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * CDI beans for the Partner Center and Dataverse clients, built from {@link ConnectionConfig} on first use (so a
 * function that never calls an API never reads a secret).
 */
@ApplicationScoped
public class ApiProducers {

    public static final String ENTRA_CLIENT_SECRET = "entra-client-secret";
    public static final String PARTNER_CENTER_REFRESH_TOKEN = "partner-center-refresh-token";

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = ApiHttpClient.defaultHttpClient();
    private final ObjectMapper json;
    private final InvocationDeadline invocationDeadline;

    @Inject
    public ApiProducers(ObjectMapper json, InvocationDeadline invocationDeadline) {
        this.json = json;
        this.invocationDeadline = invocationDeadline;
    }

    @Produces
    @ApplicationScoped
    SecretSource secrets(ConnectionConfig config) {
        String location = config.secrets().location();
        return switch (config.secrets().source()) {
            case "file" -> new FileSecretSource(Path.of(location));
            case "lambda-extension" -> LambdaExtensionSecretSource.fromLambdaEnvironment(location, json);
            default -> throw new IllegalStateException("cosell.secrets.source must be 'file' or 'lambda-extension', not '"
                    + config.secrets().source() + "'");
        };
    }

    @Produces
    @ApplicationScoped
    ReferralClient referralClient(ConnectionConfig config, SecretSource secrets, Instance<RefreshTokenStore> store,
                                  Metrics metrics) {
        return new HttpReferralClient(api(partnerCenterTokens(config, secrets, store, HttpReferralClient.SCOPE),
                metrics, "PartnerCenter"), config.partnerCenter().baseUrl(), json);
    }

    @Produces
    @ApplicationScoped
    WebhookRegistrationClient webhookRegistrationClient(ConnectionConfig config, SecretSource secrets,
                                                        Instance<RefreshTokenStore> store, Metrics metrics) {
        URI base = config.partnerCenter().webhooksBaseUrl().orElse(HttpWebhookRegistrationClient.PRODUCTION_BASE_URI);
        return new HttpWebhookRegistrationClient(api(partnerCenterTokens(config, secrets, store,
                HttpWebhookRegistrationClient.SCOPE), metrics, "PartnerCenter"), base, json);
    }

    @Produces
    @ApplicationScoped
    DataverseClient dataverseClient(ConnectionConfig config, SecretSource secrets, Metrics metrics) {
        AccessTokenProvider tokens = EntraTokenProvider.clientCredentials(entra(config, secrets, dataverseScope(config)),
                http, json);
        return new HttpDataverseClient(api(tokens, metrics, "Dataverse"), dataverseApiRoot(config),
                config.dataverse().pageSize(), json);
    }

    static URI dataverseApiRoot(ConnectionConfig config) {
        return config.dataverse().apiRoot().orElseThrow(() -> new IllegalStateException(
                "cosell.dataverse.api-root (COSELL_DATAVERSE_API_ROOT) is not set, e.g. https://contoso.crm4.dynamics.com/api/data/v9.2/"));
    }

    static String dataverseScope(ConnectionConfig config) {
        return config.dataverse().scope()
                .orElseGet(() -> EntraTokenSettings.dataverseScope(dataverseApiRoot(config).resolve("/")));
    }

    private AccessTokenProvider partnerCenterTokens(ConnectionConfig config, SecretSource secrets,
                                                    Instance<RefreshTokenStore> store, String scope) {
        return partnerCenterTokens(config, secrets, store::get, scope, http, json);
    }

    /** Partner Center tokens as {@code cosell.partner-center.auth} says: the app's own, or the stored sign-in's. */
    static AccessTokenProvider partnerCenterTokens(ConnectionConfig config, SecretSource secrets,
                                                   Supplier<RefreshTokenStore> store, String scope, HttpClient http,
                                                   ObjectMapper json) {
        EntraTokenSettings settings = entra(config, secrets, scope);
        return switch (config.partnerCenter().auth()) {
            case "refresh-token" -> EntraTokenProvider.refreshToken(settings, store.get(), http, json);
            case "client-credentials" -> EntraTokenProvider.clientCredentials(settings, http, json);
            default -> throw new IllegalStateException("cosell.partner-center.auth must be 'refresh-token' or "
                    + "'client-credentials', not '" + config.partnerCenter().auth() + "'");
        };
    }

    /** The Partner Center app+user tokens (refresh-token grant) the keep-alive redeems. */
    EntraTokenProvider partnerCenterRefreshTokens(ConnectionConfig config, SecretSource secrets, RefreshTokenStore store) {
        return EntraTokenProvider.refreshToken(entra(config, secrets, HttpReferralClient.SCOPE), store, http, json);
    }

    static EntraTokenSettings entra(ConnectionConfig config, SecretSource secrets, String scope) {
        String tenant = config.entra().tenant().orElseThrow(() -> new IllegalStateException(
                "cosell.entra.tenant (COSELL_ENTRA_TENANT) is not set"));
        String clientId = config.entra().clientId().orElseThrow(() -> new IllegalStateException(
                "cosell.entra.client-id (COSELL_ENTRA_CLIENT_ID) is not set"));
        return new EntraTokenSettings(config.entra().authority(), tenant, clientId, secrets.secret(ENTRA_CLIENT_SECRET), scope);
    }

    private ApiHttpClient api(AccessTokenProvider tokens, Metrics metrics, String api) {
        RetryPolicy withinInvocation = RetryPolicy.defaults()
                .within(() -> invocationDeadline.current().map(Deadline::at));
        return new ApiHttpClient(http, tokens, withinInvocation, REQUEST_TIMEOUT, json)
                .reporting(new ApiHttpClient.CallEvents() {
                    @Override
                    public void throttled() {
                        metrics.throttle(api);
                    }

                    @Override
                    public void retried() {
                        metrics.retry(api);
                    }
                });
    }
}
