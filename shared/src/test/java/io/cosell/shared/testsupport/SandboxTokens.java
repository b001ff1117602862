package io.cosell.shared.testsupport;

import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.shared.auth.AccessTokenProvider;
import io.cosell.shared.auth.EntraTokenProvider;
import io.cosell.shared.auth.EntraTokenSettings;

import java.net.URI;
import java.net.http.HttpClient;

/** Tokens from the Entra emulator for the sandbox client, through the production {@link EntraTokenProvider}. */
public final class SandboxTokens {

    public static final String TENANT = "sandbox-tenant";

    private SandboxTokens() {
    }

    public static AccessTokenProvider clientCredentials(EntraEmulator entra, String scope) {
        EntraTokenSettings settings = new EntraTokenSettings(entra.server().baseUri(), TENANT,
                EntraSettings.SANDBOX_CLIENT_ID, EntraSettings.SANDBOX_CLIENT_SECRET, scope);
        return EntraTokenProvider.clientCredentials(settings, HttpClient.newHttpClient(), TestJson.MAPPER);
    }

    public static URI authority(EntraEmulator entra) {
        return entra.server().baseUri();
    }
}
