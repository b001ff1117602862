package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the connector reaches Partner Center, Dataverse and Entra ID, and where its secrets are. Environment names:
 * {@code COSELL_PARTNER_CENTER_BASE_URL}, {@code COSELL_DATAVERSE_API_ROOT}, {@code COSELL_ENTRA_TENANT}, ...
 * The sandbox points every URL at its emulators; in AWS only the tenant, client id, Dataverse URL and the secret
 * prefix are set.
 */
@ConfigMapping(prefix = "cosell")
public interface ConnectionConfig {

    PartnerCenter partnerCenter();

    Dataverse dataverse();

    Entra entra();

    Secrets secrets();

    interface PartnerCenter {
        /** The Referrals API host. */
        @WithDefault("https://api.partner.microsoft.com")
        URI baseUrl();

        /** The webhooks (registration) API host; the sandbox serves both from one emulator. */
        Optional<URI> webhooksBaseUrl();

        /**
         * {@code refresh-token} (production: the Referrals API takes app+user tokens only; the refresh token comes from
         * the secret {@code partner-center-refresh-token}) or {@code client-credentials}.
         */
        @WithDefault("refresh-token")
        String auth();

        /**
         * How long a sync message waits on the queue when the Partner Center sign-in is dead before it is tried again
         * ({@code COSELL_PARTNER_CENTER_SIGN_IN_RETRY_DELAY}; SQS delays a message by at most 15 minutes).
         */
        @WithDefault("15m")
        Duration signInRetryDelay();
    }

    interface Dataverse {
        /** e.g. https://contoso.crm4.dynamics.com/api/data/v9.2/ */
        Optional<URI> apiRoot();

        /** The token scope; default: the environment URL of {@link #apiRoot()} + "/.default". */
        Optional<String> scope();

        @WithDefault("500")
        int pageSize();
    }

    interface Entra {
        @WithDefault("https://login.microsoftonline.com")
        URI authority();

        Optional<String> tenant();

        Optional<String> clientId();
    }

    interface Secrets {
        /** {@code lambda-extension} (AWS Secrets Manager via the Lambda extension) or {@code file} (sandbox). */
        @WithDefault("lambda-extension")
        String source();

        /** The folder (file) or the secret id prefix (lambda-extension), e.g. {@code cosell/prod/}. */
        @WithDefault("cosell/")
        String location();
    }
}
