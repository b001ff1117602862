package io.cosell.emulator.entra;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What the Entra ID token emulator knows.
 *
 * @param clients       client id → client secret (out of the box: sandbox → sandbox)
 * @param refreshTokens refresh tokens it accepts at start (the Partner Center app+user consent of the sandbox)
 * @param tokenLifetime how long an access token is valid (Entra: about an hour)
 */
public record EntraSettings(Map<String, String> clients, Set<String> refreshTokens, Duration tokenLifetime) {

    public static final String SANDBOX_CLIENT_ID = "sandbox";
    public static final String SANDBOX_CLIENT_SECRET = "sandbox";
    public static final String SANDBOX_REFRESH_TOKEN = "sandbox-refresh-token";

    public static EntraSettings sandboxDefaults() {
        return new EntraSettings(Map.of(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET), Set.of(SANDBOX_REFRESH_TOKEN),
                Duration.ofHours(1));
    }

    public EntraSettings withTokenLifetime(Duration lifetime) {
        return new EntraSettings(clients, refreshTokens, lifetime);
    }
}
