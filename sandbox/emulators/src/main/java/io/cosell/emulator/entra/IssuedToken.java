package io.cosell.emulator.entra;

import java.time.Instant;

/** An access token the Entra emulator handed out. {@code audience} is the scope without "/.default". */
public record IssuedToken(String accessToken, String clientId, String tenant, String audience, String grantType,
                          Instant expiresAt) {

    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
