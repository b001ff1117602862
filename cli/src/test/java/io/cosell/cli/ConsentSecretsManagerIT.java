package io.cosell.cli;

import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command line with a deployed stack's secrets in AWS Secrets Manager (an API served by moto): {@code consent}
 * signs in by device code at the Entra emulator, calls the Referrals API at the Partner Center emulator and stores
 * the refresh token with {@code PutSecretValue} in the secret the stack creates
 * ({@code <prefix>partner-center-refresh-token}); other commands read the client secret and the refresh token from
 * the stack's secrets.
 */
class ConsentSecretsManagerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static Process moto;
    private static URI motoUri;

    @BeforeAll
    static void start() throws Exception {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        motoUri = URI.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> HTTP.send(
                HttpRequest.newBuilder(motoUri.resolve("/moto-api/")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() < 500);
    }

    @AfterAll
    static void stop() {
        moto.destroy();
        partnerCenter.close();
        entra.close();
    }

    @Test
    void storesTheVerifiedRefreshTokenWithPutSecretValue() throws Exception {
        // given the secret the stack created, still empty
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.US_EAST_1)
                .endpointOverride(motoUri).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            secrets.createSecret(b -> b.name("cosell/test/partner-center-refresh-token"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            // when the Referrals admin approves the code consent shows
            CompletableFuture<Integer> consent = CompletableFuture.supplyAsync(() -> CosellCommand.run(
                    new PrintWriter(out, true), new PrintWriter(err, true),
                    Map.of("AWS_REGION", "us-east-1", "COSELL_ENTRA_CLIENT_SECRET", "sandbox",
                            "COSELL_SECRETS_SOURCE", "lambda-extension", "COSELL_SECRETS_LOCATION", "cosell/test/",
                            "COSELL_AWS_ENDPOINT_SECRETSMANAGER", motoUri.toString()),
                    "--entra-url=" + entra.server().baseUri(), "--tenant=sandbox-tenant", "--client-id=sandbox",
                    "--partner-center-url=" + partnerCenter.baseUri(), "consent", "--timeout=60"));
            String userCode = await().atMost(Duration.ofSeconds(30)).until(() -> userCode(out.toString()), c -> c != null);
            HTTP.send(HttpRequest.newBuilder(URI.create(entra.server().baseUri() + "/_sandbox/device/approve"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_code\":\"" + userCode + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            int exit = consent.get(60, TimeUnit.SECONDS);

            // then
            assertThat(exit).as(out + "" + err).isZero();
            String stored = secrets.getSecretValue(b -> b.secretId("cosell/test/partner-center-refresh-token"))
                    .secretString();
            assertThat(stored).startsWith("sbx-rt.");
            assertThat(out.toString()).contains("verified: the Referrals API answered",
                    "stored the refresh token in AWS Secrets Manager: arn:aws:secretsmanager:us-east-1:")
                    .doesNotContain(stored);
        }
    }

    @Test
    void commandsSignInWithTheClientSecretAndRefreshTokenStoredInTheStacksSecrets() {
        // given the stack's secrets, and neither COSELL_ENTRA_CLIENT_SECRET nor a secrets folder
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.US_EAST_1)
                .endpointOverride(motoUri).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            secrets.createSecret(b -> b.name("cosell/stored/entra-client-secret").secretString("sandbox"));
            secrets.createSecret(b -> b.name("cosell/stored/partner-center-refresh-token")
                    .secretString("sandbox-refresh-token"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            // when
            int exit = registerShow("cosell/stored/", out, err);
            StringWriter missingOut = new StringWriter();
            StringWriter missingErr = new StringWriter();
            int missing = registerShow("cosell/absent/", missingOut, missingErr);

            // then
            assertThat(exit).as(out + "" + err).isZero();
            assertThat(out.toString()).contains("no webhook");
            assertThat(missing).isNotZero();
            assertThat(missingErr.toString()).contains("--secret-prefix (or --stack) naming the stack's secrets");
        }
    }

    /** {@code register --show} with the stack's secrets under {@code prefix}, and no other source of secrets. */
    private static int registerShow(String prefix, StringWriter out, StringWriter err) {
        return CosellCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("AWS_REGION", "us-east-1", "COSELL_AWS_ENDPOINT_SECRETSMANAGER", motoUri.toString(),
                        "COSELL_PARTNER_CENTER_WEBHOOKS_BASE_URL", partnerCenter.baseUri().toString()),
                "--secret-prefix=" + prefix, "--entra-url=" + entra.server().baseUri(), "--tenant=sandbox-tenant",
                "--client-id=sandbox", "--partner-center-url=" + partnerCenter.baseUri(), "register", "--show");
    }

    private static String userCode(String shown) {
        Matcher matcher = Pattern.compile("user code: (\\w+)").matcher(shown);
        return matcher.find() ? matcher.group(1) : null;
    }
}
