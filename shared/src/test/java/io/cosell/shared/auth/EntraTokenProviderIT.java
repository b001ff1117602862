package io.cosell.shared.auth;

import io.cosell.shared.testsupport.TestJson;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.entra.IssuedToken;
import io.cosell.emulator.http.FaultSettings;
import io.cosell.shared.http.ApiHttpClient;
import io.cosell.shared.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EntraTokenProviderIT {

    private static final String TENANT = "sandbox-tenant";
    private static final String DATAVERSE = "https://sandbox.crm.dynamics.com";
    private static final HttpClient HTTP = ApiHttpClient.defaultHttpClient();

    private static EntraEmulator entra;
    private static EntraTokenSettings dataverse;

    @BeforeAll
    static void startEntra() {
        entra = EntraEmulator.start(0, new EntraSettings(
                Map.of(EntraSettings.SANDBOX_CLIENT_ID, EntraSettings.SANDBOX_CLIENT_SECRET),
                Set.of("rt-rotation", "rt-file", "rt-invalidate", "rt-late-invalidate"),
                Duration.ofHours(1)));
        dataverse = new EntraTokenSettings(entra.server().baseUri(), TENANT, EntraSettings.SANDBOX_CLIENT_ID,
                EntraSettings.SANDBOX_CLIENT_SECRET, EntraTokenSettings.dataverseScope(URI.create(DATAVERSE + "/")));
    }

    @AfterAll
    static void stopEntra() {
        entra.close();
    }

    @AfterEach
    void clearFaults() {
        entra.server().faults().reset();
    }

    @Test
    void client_credentials_token_is_accepted_for_the_dataverse_audience() {
        // given
        EntraTokenProvider provider = EntraTokenProvider.clientCredentials(dataverse, HTTP, TestJson.MAPPER);

        // when
        String token = provider.accessToken();

        // then
        assertThat(entra.validate(token)).get()
                .extracting(IssuedToken::audience, IssuedToken::clientId, IssuedToken::grantType)
                .containsExactly(DATAVERSE, "sandbox", "client_credentials");
    }

    @Test
    void token_is_cached_across_calls() {
        // given
        EntraTokenProvider provider = EntraTokenProvider.clientCredentials(dataverse, HTTP, TestJson.MAPPER);
        long before = entra.issuedCount();

        // when
        String first = provider.accessToken();
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            later.add(provider.accessToken());
        }

        // then
        assertThat(entra.issuedCount() - before).isEqualTo(1);
        assertThat(later).containsOnly(first);
    }

    @Test
    void token_is_renewed_skew_before_it_expires() {
        // given a one-hour token and the default five-minute skew
        MutableClock clock = new MutableClock(Instant.now());
        EntraTokenProvider provider = EntraTokenProvider.clientCredentials(dataverse, HTTP, TestJson.MAPPER).withClock(clock);
        String first = provider.accessToken();

        // when / then: still cached just before the renewal point
        clock.advance(Duration.ofMinutes(54));
        assertThat(provider.accessToken()).isEqualTo(first);

        // when / then: renewed once within the skew
        clock.advance(Duration.ofMinutes(2));
        String renewed = provider.accessToken();
        assertThat(renewed).isNotEqualTo(first);
        assertThat(entra.validate(renewed)).isPresent();
    }

    @Test
    void token_is_renewed_at_expiry_with_zero_skew_against_a_short_lived_emulator_token() {
        // given an emulator issuing 2-second tokens
        try (EntraEmulator shortLived = EntraEmulator.start(0, EntraSettings.sandboxDefaults()
                .withTokenLifetime(Duration.ofSeconds(2)))) {
            EntraTokenProvider provider = EntraTokenProvider.clientCredentials(
                    new EntraTokenSettings(shortLived.server().baseUri(), TENANT, "sandbox", "sandbox",
                            dataverse.scope()), HTTP, TestJson.MAPPER).withSkew(Duration.ZERO);
            String first = provider.accessToken();

            // when the token has expired at the emulator
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> shortLived.validate(first).isEmpty());

            // then the provider hands out a new, valid one
            String renewed = provider.accessToken();
            assertThat(renewed).isNotEqualTo(first);
            assertThat(shortLived.validate(renewed)).isPresent();
            assertThat(shortLived.issuedCount()).isEqualTo(2);
        }
    }

    @Test
    void skew_never_exceeds_half_the_token_lifetime() {
        // given an emulator issuing 6-minute tokens and the default 5-minute skew
        MutableClock clock = new MutableClock(Instant.now());
        try (EntraEmulator shortLived = EntraEmulator.start(0, EntraSettings.sandboxDefaults()
                .withTokenLifetime(Duration.ofMinutes(6)))) {
            EntraTokenProvider provider = EntraTokenProvider.clientCredentials(
                    new EntraTokenSettings(shortLived.server().baseUri(), TENANT, "sandbox", "sandbox",
                            dataverse.scope()), HTTP, TestJson.MAPPER).withClock(clock);
            String first = provider.accessToken();

            // when / then: a 5-minute skew would renew after 1 minute; half the lifetime keeps it for 3
            clock.advance(Duration.ofSeconds(170));
            assertThat(provider.accessToken()).isEqualTo(first);
            clock.advance(Duration.ofSeconds(20));
            assertThat(provider.accessToken()).isNotEqualTo(first);
        }
    }

    @Test
    void concurrent_callers_share_one_token_request() throws Exception {
        // given a slow token endpoint and 20 callers released at once
        entra.server().faults().set(new FaultSettings(300, 0, 0, 1, 0, 0, false));
        EntraTokenProvider provider = EntraTokenProvider.clientCredentials(dataverse, HTTP, TestJson.MAPPER);
        long before = entra.issuedCount();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<String>> callers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            callers.add(() -> {
                start.await();
                return provider.accessToken();
            });
        }

        // when
        List<String> tokens = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            List<Future<String>> futures = callers.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<String> future : futures) {
                tokens.add(future.get());
            }
        }

        // then
        assertThat(entra.issuedCount() - before).isEqualTo(1);
        assertThat(tokens).hasSize(20).containsOnly(tokens.getFirst());
    }

    @Test
    void rotated_refresh_token_replaces_the_stored_one() {
        // given
        RefreshTokenStore store = new InMemoryRefreshTokenStore("rt-rotation");
        EntraTokenProvider provider = EntraTokenProvider.refreshToken(
                dataverse.withScope(EntraTokenSettings.PARTNER_REFERRALS_SCOPE), store, HTTP, TestJson.MAPPER);

        // when
        String token = provider.accessToken();

        // then
        assertThat(entra.validate(token)).get()
                .extracting(IssuedToken::audience, IssuedToken::grantType)
                .containsExactly("https://api.partner.microsoft.com", "refresh_token");
        assertThat(store.load()).get().extracting(StoredRefreshToken::value).isNotEqualTo("rt-rotation");
    }

    @Test
    void refresh_token_saved_to_a_file_serves_the_next_provider(@TempDir Path dir)
            throws Exception {
        // given a provider that redeemed the refresh token stored in a file
        Path file = dir.resolve("partner-center.refresh-token");
        Files.writeString(file, "rt-file");
        EntraTokenSettings partnerCenter = dataverse.withScope(EntraTokenSettings.PARTNER_REFERRALS_SCOPE);
        EntraTokenProvider.refreshToken(partnerCenter, new FileRefreshTokenStore(file), HTTP, TestJson.MAPPER).accessToken();

        // when a second provider (e.g. after a restart) reads the file
        String next = EntraTokenProvider.refreshToken(partnerCenter, new FileRefreshTokenStore(file), HTTP, TestJson.MAPPER).accessToken();

        // then it works with the rotated token, and the file stays private
        assertThat(entra.validate(next)).isPresent();
        assertThat(Files.readString(file)).isNotEqualTo("rt-file");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void revoked_refresh_token_gives_an_admin_readable_error() {
        // given a refresh token the Entra emulator does not know (revoked, expired, or from another tenant)
        EntraTokenSettings partnerCenter = dataverse.withScope(EntraTokenSettings.PARTNER_REFERRALS_SCOPE);

        // when
        EntraAuthException stale = catchThrowableOfType(EntraAuthException.class, () -> EntraTokenProvider
                .refreshToken(partnerCenter, new InMemoryRefreshTokenStore("rt-never-issued"), HTTP, TestJson.MAPPER).accessToken());

        // then
        assertThat(stale.error()).isEqualTo("invalid_grant");
        assertThat(stale).hasMessageContaining("refresh token").hasMessageContaining("sign in again");
    }

    @Test
    void wrong_secret_gives_an_admin_readable_error_without_the_secret() {
        // given
        EntraTokenSettings wrongSecret = new EntraTokenSettings(entra.server().baseUri(), TENANT, "sandbox",
                "not-the-secret-123", dataverse.scope());

        // when
        EntraAuthException e = catchThrowableOfType(EntraAuthException.class,
                () -> EntraTokenProvider.clientCredentials(wrongSecret, HTTP, TestJson.MAPPER).accessToken());

        // then
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error()).isEqualTo("invalid_client");
        assertThat(e).hasMessageStartingWith("Entra ID rejected the client secret for client 'sandbox' (invalid_client)")
                .hasMessageNotContaining("not-the-secret-123");
        assertThat(wrongSecret.toString()).doesNotContain("not-the-secret-123");
    }

    @Test
    void unknown_client_is_named_with_its_tenant() {
        // given
        EntraTokenSettings unknown = new EntraTokenSettings(entra.server().baseUri(), TENANT, "who-am-i", "x",
                dataverse.scope());

        // when
        EntraAuthException e = catchThrowableOfType(EntraAuthException.class,
                () -> EntraTokenProvider.clientCredentials(unknown, HTTP, TestJson.MAPPER).accessToken());

        // then
        assertThat(e.error()).isEqualTo("unauthorized_client");
        assertThat(e).hasMessageContaining("client 'who-am-i' in tenant 'sandbox-tenant'");
    }

    @Test
    void scope_without_default_suffix_is_explained() {
        // given
        EntraTokenSettings userImpersonation = dataverse.withScope(DATAVERSE + "/user_impersonation");

        // when
        EntraAuthException e = catchThrowableOfType(EntraAuthException.class,
                () -> EntraTokenProvider.clientCredentials(userImpersonation, HTTP, TestJson.MAPPER).accessToken());

        // then
        assertThat(e.error()).isEqualTo("invalid_scope");
        assertThat(e).hasMessageContaining("must be the resource URL followed by /.default");
    }

    @Test
    void a_late_invalidation_of_a_token_already_replaced_keeps_the_new_one() {
        // given: two callers were refused with the same token; the first has already fetched a new one
        EntraTokenProvider provider = partnerCenterTokens("rt-late-invalidate");
        String refused = provider.accessToken();
        provider.invalidate(refused);
        String replacement = provider.accessToken();
        long before = entra.issuedCount();

        // when: the second caller invalidates the token it was refused with
        provider.invalidate(refused);

        // then: no second redemption
        assertThat(provider.accessToken()).isEqualTo(replacement);
        assertThat(entra.issuedCount()).isEqualTo(before);
    }

    private static EntraTokenProvider partnerCenterTokens(String consentRefreshToken) {
        return EntraTokenProvider.refreshToken(dataverse.withScope(EntraTokenSettings.PARTNER_WEBHOOKS_SCOPE),
                new InMemoryRefreshTokenStore(consentRefreshToken), HTTP, TestJson.MAPPER);
    }

    @Test
    void invalidate_forces_a_new_token() {
        // given
        EntraTokenProvider provider = partnerCenterTokens("rt-invalidate");
        String first = provider.accessToken();
        long before = entra.issuedCount();

        // when
        provider.invalidate(first);
        String second = provider.accessToken();

        // then: a new token, obtained with the rotated refresh token
        assertThat(second).isNotEqualTo(first);
        assertThat(entra.issuedCount() - before).isEqualTo(1);
        assertThat(entra.validate(second)).get().extracting(IssuedToken::audience)
                .isEqualTo("https://api.partnercenter.microsoft.com");
    }
}
