package io.cosell.shared.auth;

import java.net.URI;
import java.util.Objects;

/**
 * Where and as whom to ask Microsoft Entra ID for tokens. The secret is handed in by the caller (AWS Secrets Manager /
 * SSM in AWS, a local file in the sandbox) and never appears in {@link #toString()}.
 *
 * @param authority    e.g. {@code https://login.microsoftonline.com} (the sandbox: the Entra emulator's base URL)
 * @param tenant       tenant id or domain
 * @param clientId     the app registration's application (client) id
 * @param clientSecret the app registration's client secret value
 * @param scope        {@code <resource>/.default}, e.g. {@link #dataverseScope} or {@link #PARTNER_REFERRALS_SCOPE}
 */
public record EntraTokenSettings(URI authority, String tenant, String clientId, String clientSecret, String scope) {

    /** Partner Center Referrals API ({@code api.partner.microsoft.com}); app+user tokens only. */
    public static final String PARTNER_REFERRALS_SCOPE = "https://api.partner.microsoft.com/.default";

    /** Partner Center webhooks API ({@code api.partnercenter.microsoft.com}). */
    public static final String PARTNER_WEBHOOKS_SCOPE = "https://api.partnercenter.microsoft.com/.default";

    public static final URI PUBLIC_CLOUD_AUTHORITY = URI.create("https://login.microsoftonline.com");

    public EntraTokenSettings {
        Objects.requireNonNull(authority, "authority");
        requireText(tenant, "tenant");
        requireText(clientId, "clientId");
        requireText(clientSecret, "clientSecret");
        requireText(scope, "scope");
    }

    /** The Dataverse scope for an environment URL: {@code https://org.crm.dynamics.com/} → {@code https://org.crm.dynamics.com/.default}. */
    public static String dataverseScope(URI environmentUrl) {
        String url = environmentUrl.toString();
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/.default";
    }

    /** {@code <authority>/<tenant>/oauth2/v2.0/token}. */
    public URI tokenEndpoint() {
        String base = authority.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + tenant + "/oauth2/v2.0/token");
    }

    public EntraTokenSettings withScope(String otherScope) {
        return new EntraTokenSettings(authority, tenant, clientId, clientSecret, otherScope);
    }

    @Override
    public String toString() {
        return "EntraTokenSettings[authority=" + authority + ", tenant=" + tenant + ", clientId=" + clientId
                + ", clientSecret=***, scope=" + scope + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Entra ID setting '" + name + "' is missing");
        }
    }
}
