package io.cosell.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {

    private static Settings settings(Map<String, String> env, String... args) {
        CosellCommand flags = new CosellCommand();
        new CommandLine(flags).parseArgs(args);
        return Settings.resolve(flags, env);
    }

    @Test
    void theSandboxSecretsFolderFollowsTheEntraEmulatorsPort() {
        // when
        Settings standard = settings(Map.of(), "--sandbox");
        Settings moved = settings(Map.of(), "--sandbox", "--entra-url=http://127.0.0.1:41234");

        // then
        assertThat(standard.secretsFolder()).contains(Path.of(System.getProperty("java.io.tmpdir"),
                "cosell-sandbox-" + System.getProperty("user.name") + "-7103"));
        assertThat(moved.secretsFolder().orElseThrow().getFileName().toString()).endsWith("-41234");
        assertThat(standard.webhookUrl()).contains(URI.create("http://127.0.0.1:7100/"));
        assertThat(standard.secretPrefix()).isEmpty();
    }

    @Test
    void aStackWithLambdaExtensionSecretsGivesTheSecretsManagerPrefix() {
        // when
        Settings stack = settings(Map.of("COSELL_SECRETS_SOURCE", "lambda-extension", "COSELL_SECRETS_LOCATION",
                "cosell/prod/", "COSELL_WEBHOOK_URL", "https://abc.lambda-url.eu-west-1.on.aws/"));
        Settings flag = settings(Map.of(), "--secret-prefix=cosell/staging/");

        // then
        assertThat(stack.secretPrefix()).contains("cosell/prod/");
        assertThat(stack.secretsFolder()).isEmpty();
        assertThat(stack.webhookUrl()).contains(URI.create("https://abc.lambda-url.eu-west-1.on.aws/"));
        assertThat(stack.webhooksBaseUrl()).isEqualTo(URI.create("https://api.partnercenter.microsoft.com"));
        assertThat(flag.secretPrefix()).contains("cosell/staging/");
    }
}
