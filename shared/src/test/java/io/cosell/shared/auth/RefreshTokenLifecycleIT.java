package io.cosell.shared.auth;

import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.testsupport.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Partner Center refresh token over its life, against the Entra emulator: every redemption stores the new token,
 * two environments redeeming at once leave exactly one stored, and a dead sign-in is terminal, sent to Entra once.
 */
class RefreshTokenLifecycleIT {

    private static final HttpClient HTTP = ApiHttpClient.defaultHttpClient();

    private EntraEmulator entra;
    private EntraTokenSettings partnerCenter;

    @BeforeEach
    void startEntra() {
        entra = EntraEmulator.start(0, new EntraSettings(
                Map.of(EntraSettings.SANDBOX_CLIENT_ID, EntraSettings.SANDBOX_CLIENT_SECRET), Set.of("rt-consent"),
                Duration.ofHours(1)));
        partnerCenter = new EntraTokenSettings(entra.server().baseUri(), "sandbox-tenant",
                EntraSettings.SANDBOX_CLIENT_ID, EntraSettings.SANDBOX_CLIENT_SECRET,
                EntraTokenSettings.PARTNER_REFERRALS_SCOPE);
    }

    @AfterEach
    void stopEntra() {
        entra.close();
    }

    private EntraTokenProvider provider(RefreshTokenStore store) {
        return EntraTokenProvider.refreshToken(partnerCenter, store, HTTP, TestJson.MAPPER);
    }

    @Test
    void every_redemption_stores_the_new_token_and_a_fresh_environment_uses_the_stored_one(@TempDir Path dir)
            throws Exception {
        // given
        Path file = dir.resolve("partner-center-refresh-token");
        Files.writeString(file, "rt-consent");

        // when one environment redeems twice (a sync, then the keep-alive), and the consent token then expires
        provider(new FileRefreshTokenStore(file)).accessToken();
        String afterFirst = Files.readString(file);
        EntraTokenProvider.Rotation keepAlive = provider(new FileRefreshTokenStore(file)).refreshNow();
        String afterSecond = Files.readString(file);
        control("expire", "rt-consent");

        // then a new environment redeems what is stored, not the consent token
        assertThat(afterFirst).isNotEqualTo("rt-consent");
        assertThat(keepAlive).isEqualTo(EntraTokenProvider.Rotation.STORED);
        assertThat(afterSecond).isNotEqualTo(afterFirst);
        assertThat(entra.validate(provider(new FileRefreshTokenStore(file)).accessToken())).isPresent();
    }

    @Test
    void two_environments_redeeming_the_same_stored_token_leave_one_token_stored(@TempDir Path dir) throws Exception {
        // given two environments that loaded the same stored version
        Path file = dir.resolve("partner-center-refresh-token");
        Files.writeString(file, "rt-consent");
        StoredRefreshToken seenByBoth = new FileRefreshTokenStore(file).load().orElseThrow();
        RefreshTokenStore first = racingStore(file, seenByBoth);
        RefreshTokenStore second = racingStore(file, seenByBoth);

        // when both redeem and store
        EntraTokenProvider.Rotation firstRotation = provider(first).refreshNow();
        EntraTokenProvider.Rotation secondRotation = provider(second).refreshNow();

        // then the first stored token stays, and it works
        assertThat(firstRotation).isEqualTo(EntraTokenProvider.Rotation.STORED);
        assertThat(secondRotation).isEqualTo(EntraTokenProvider.Rotation.NEWER_ALREADY_STORED);
        assertThat(entra.validate(provider(new FileRefreshTokenStore(file)).accessToken())).isPresent();
        assertThat(entra.refreshRedemptions()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"expire,EXPIRED", "revoke,REVOKED", "require-mfa,MFA_REQUIRED", "expire-mfa,MFA_REQUIRED"})
    void a_dead_sign_in_is_terminal_and_its_token_is_never_sent_to_entra_again(String action,
                                                                              SignInExpiredException.Reason reason)
            throws Exception {
        // given
        RefreshTokenStore store = new InMemoryRefreshTokenStore("rt-consent");
        EntraTokenProvider tokens = provider(store);
        control(action, "rt-consent");

        // when
        SignInExpiredException first = catchThrowableOfType(SignInExpiredException.class, tokens::accessToken);
        SignInExpiredException again = catchThrowableOfType(SignInExpiredException.class, tokens::refreshNow);

        // then
        assertThat(first.reason()).isEqualTo(reason);
        assertThat(first.notice()).startsWith(SignInExpiredException.NOTICE);
        assertThat(again).isSameAs(first);
        assertThat(entra.refreshRefusals()).isEqualTo(1);
    }

    @Test
    void after_an_admin_signs_in_again_the_new_stored_token_is_redeemed_at_once() {
        // given a provider that met a revoked token
        RefreshTokenStore store = new InMemoryRefreshTokenStore("rt-consent");
        EntraTokenProvider tokens = provider(store);
        entra.revokeRefreshTokens();
        catchThrowableOfType(SignInExpiredException.class, tokens::accessToken);

        // when the admin's new sign-in is stored
        store.replace(store.load().orElseThrow(), entra.signIn());

        // then
        assertThat(entra.validate(tokens.accessToken())).isPresent();
        assertThat(entra.refreshRefusals()).isEqualTo(1);
    }

    /** A store whose load answers what both environments read before either stored. */
    private static RefreshTokenStore racingStore(Path file, StoredRefreshToken seen) {
        FileRefreshTokenStore real = new FileRefreshTokenStore(file);
        return new RefreshTokenStore() {
            @Override
            public java.util.Optional<StoredRefreshToken> load() {
                return java.util.Optional.of(seen);
            }

            @Override
            public boolean replace(StoredRefreshToken redeemed, String rotated) {
                return real.replace(redeemed, rotated);
            }
        };
    }

    private void control(String action, String refreshToken) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(entra.server().baseUri() + "/_sandbox/refresh-tokens/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refreshToken\": \"" + refreshToken + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }
}
