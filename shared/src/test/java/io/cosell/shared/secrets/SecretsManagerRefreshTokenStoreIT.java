package io.cosell.shared.secrets;

import io.cosell.shared.auth.StoredRefreshToken;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The refresh token in Secrets Manager, with the real AWS SDK client against moto's Secrets Manager server (the
 * {@code moto_server} command this machine kind provides), which implements {@code UpdateSecretVersionStage}'s
 * check of {@code RemoveFromVersionId} as AWS documents it.
 */
class SecretsManagerRefreshTokenStoreIT {

    private static Process moto;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void startMoto() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int listening = port;
        await().atMost(Duration.ofSeconds(30)).until(() -> accepts(listening));
        secrets = AwsClients.secretsManager(AwsClientSettings.local(URI.create("http://127.0.0.1:" + port)));
    }

    @AfterAll
    static void stopMoto() {
        if (secrets != null) {
            secrets.close();
        }
        if (moto != null) {
            moto.destroy();
        }
    }

    private static String newSecret(String value) {
        String name = "cosell/" + UUID.randomUUID() + "/partner-center-refresh-token";
        secrets.createSecret(b -> b.name(name).secretString(value));
        return name;
    }

    @Test
    void a_rotated_token_becomes_the_current_version() {
        // given
        String name = newSecret("rt-consent");
        SecretsManagerRefreshTokenStore store = new SecretsManagerRefreshTokenStore(secrets, name);
        StoredRefreshToken redeemed = store.load().orElseThrow();

        // when
        boolean stored = store.replace(redeemed, "rt-2");

        // then
        assertThat(redeemed.value()).isEqualTo("rt-consent");
        assertThat(stored).isTrue();
        StoredRefreshToken current = store.load().orElseThrow();
        assertThat(current.value()).isEqualTo("rt-2");
        assertThat(current.version()).isNotEqualTo(redeemed.version());
        assertThat(secrets.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("rt-consent");
    }

    @Test
    void a_token_redeemed_from_a_version_that_is_no_longer_current_never_replaces_the_newer_one() {
        // given two environments that loaded the same version
        String name = newSecret("rt-consent");
        SecretsManagerRefreshTokenStore first = new SecretsManagerRefreshTokenStore(secrets, name);
        SecretsManagerRefreshTokenStore second = new SecretsManagerRefreshTokenStore(secrets, name);
        StoredRefreshToken seenByFirst = first.load().orElseThrow();
        StoredRefreshToken seenBySecond = second.load().orElseThrow();

        // when both store what they redeemed
        boolean firstStored = first.replace(seenByFirst, "rt-from-first");
        boolean secondStored = second.replace(seenBySecond, "rt-from-second");

        // then
        assertThat(firstStored).isTrue();
        assertThat(secondStored).isFalse();
        assertThat(first.load()).get().extracting(StoredRefreshToken::value).isEqualTo("rt-from-first");
    }

    @Test
    void a_missing_secret_is_no_token() {
        // when / then
        assertThat(new SecretsManagerRefreshTokenStore(secrets, "cosell/absent/partner-center-refresh-token").load())
                .isEmpty();
        assertThat(new SecretsManagerRefreshTokenStore(secrets, "cosell/absent/partner-center-refresh-token")
                .storedAt()).isEmpty();
    }

    @Test
    void the_token_was_stored_when_its_current_version_was_created() {
        // given
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String name = newSecret("rt-consent");
        SecretsManagerRefreshTokenStore store = new SecretsManagerRefreshTokenStore(secrets, name);
        String consentVersion = store.load().orElseThrow().version();

        // when
        Instant consented = store.storedAt().orElseThrow();
        store.replace(store.load().orElseThrow(), "rt-2");
        Instant rotated = store.storedAt().orElseThrow();

        // then
        Instant after = Instant.now().plusSeconds(1);
        assertThat(consented).isBetween(before, after);
        assertThat(rotated).isBetween(consented, after).isEqualTo(secrets.getSecretValue(b -> b.secretId(name)
                .versionStage("AWSCURRENT")).createdDate());
        assertThat(secrets.getSecretValue(b -> b.secretId(name).versionId(consentVersion)).createdDate())
                .isEqualTo(consented);
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
