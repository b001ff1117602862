package io.cosell.cli;

import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code consent --browser}: the authorization code flow with PKCE on a localhost redirect, against the Entra and
 * Partner Center emulators; a "browser" opens the address consent shows and follows the redirect back to it.
 */
class ConsentBrowserIT {

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;

    @TempDir
    Path secrets;

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
    }

    @AfterAll
    static void stop() {
        partnerCenter.close();
        entra.close();
    }

    @Test
    void theBrowserSignInStoresAVerifiedRefreshTokenInTheSecretsFolder() throws Exception {
        // given
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> consent = CompletableFuture.supplyAsync(() -> CosellCommand.run(
                new PrintWriter(out, true), new PrintWriter(err, true), Map.of("COSELL_ENTRA_CLIENT_SECRET", "sandbox"),
                "--entra-url=" + entra.server().baseUri(), "--tenant=sandbox-tenant", "--client-id=sandbox",
                "--partner-center-url=" + partnerCenter.baseUri(), "--secrets-dir=" + secrets, "consent", "--browser",
                "--timeout=60"));
        String address = await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().lines()
                .filter(line -> line.contains("/oauth2/v2.0/authorize?")).findFirst().orElse(null), a -> a != null);

        // when the person opens it (the sandbox's user is signed in with MFA) and the browser follows the redirect
        HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build()
                .send(HttpRequest.newBuilder(URI.create(address.strip())).build(), HttpResponse.BodyHandlers.ofString());
        int exit = consent.get(60, TimeUnit.SECONDS);

        // then
        assertThat(address).contains("code_challenge_method=S256", "redirect_uri=http%3A%2F%2Flocalhost%3A");
        assertThat(page.body()).startsWith("Signed in.");
        assertThat(exit).as(out + "" + err).isZero();
        String stored = Files.readString(secrets.resolve("partner-center-refresh-token"));
        assertThat(stored).startsWith("sbx-rt.");
        assertThat(out.toString()).contains("verified: the Referrals API answered", "stored the refresh token in "
                + secrets.resolve("partner-center-refresh-token").toAbsolutePath()).doesNotContain(stored);
    }
}
