package io.cosell.cli;

import io.cosell.shared.auth.EntraTokenSettings;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.config.ApiProducers;
import io.cosell.shared.secrets.FileSecretSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the command line's target lives and how it signs in: a flag wins, then the environment variable the
 * functions read, then what the deployed stack says ({@code --stack}: its outputs and parameters), then the sandbox's
 * value (with {@code --sandbox}) or the public cloud's default. Secrets are read only when a command needs them.
 */
record Settings(boolean sandbox, Optional<URI> dataverseApiRoot, Optional<String> dataverseScope, URI entraAuthority,
                Optional<String> tenant, Optional<String> clientId, Supplier<String> clientSecret,
                Supplier<String> refreshToken, URI partnerCenterBaseUrl, AwsClientSettings dynamoDb, AwsClientSettings sqs,
                String table, Optional<URI> queueUrl, Optional<URI> dlqUrl, Optional<Path> mappingFile,
                Optional<Path> secretsFolder, Optional<String> secretPrefix, URI webhooksBaseUrl,
                Optional<URI> webhookUrl, Optional<URI> secretsManagerEndpoint, Optional<String> crmPollerMode,
                Optional<String> reconcilerOverlap, Optional<String> deployedMappingJson) {

    /** The sandbox's fixed ports and public credentials (README "The sandbox"). */
    static final String SANDBOX_HOST = "http://127.0.0.1:";
    static final String SANDBOX_TENANT = "sandbox-tenant";
    static final String SANDBOX_CLIENT = "sandbox";
    static final String SANDBOX_SECRET = "sandbox";
    static final String SANDBOX_REFRESH_TOKEN = "sandbox-refresh-token";
    static final String SANDBOX_ENVIRONMENT = "https://sandbox.crm.dynamics.com";
    static final String DEFAULT_TABLE = "cosell-sync";

    static Settings resolve(CosellCommand flags, Map<String, String> env) {
        return resolve(flags, env, Optional.empty());
    }

    static Settings resolve(CosellCommand flags, Map<String, String> env, Optional<DeployedStack> stack) {
        boolean sandbox = flags.sandbox;
        Function<String, Optional<String>> var = name -> Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
        Function<String, Optional<String>> parameter = key -> stack.flatMap(s -> s.parameter(key));
        Optional<URI> dataverse = Optional.ofNullable(flags.dataverseUrl).or(() -> var.apply("COSELL_DATAVERSE_API_ROOT").map(URI::create))
                .or(() -> parameter.apply(DeployedStack.DATAVERSE_API_ROOT).map(URI::create))
                .or(() -> sandbox ? Optional.of(URI.create(SANDBOX_HOST + "7102/api/data/v9.2/")) : Optional.empty());
        Optional<String> scope = var.apply("COSELL_DATAVERSE_SCOPE")
                .or(() -> sandbox ? Optional.of(SANDBOX_ENVIRONMENT + "/.default") : Optional.empty())
                .or(() -> dataverse.map(root -> EntraTokenSettings.dataverseScope(root.resolve("/"))));
        URI authority = Optional.ofNullable(flags.entraUrl).or(() -> var.apply("COSELL_ENTRA_AUTHORITY").map(URI::create))
                .orElse(sandbox ? URI.create(SANDBOX_HOST + "7103") : EntraTokenSettings.PUBLIC_CLOUD_AUTHORITY);
        Optional<String> tenant = Optional.ofNullable(flags.tenant).or(() -> var.apply("COSELL_ENTRA_TENANT"))
                .or(() -> parameter.apply(DeployedStack.ENTRA_TENANT))
                .or(() -> sandbox ? Optional.of(SANDBOX_TENANT) : Optional.empty());
        Optional<String> clientId = Optional.ofNullable(flags.clientId).or(() -> var.apply("COSELL_ENTRA_CLIENT_ID"))
                .or(() -> parameter.apply(DeployedStack.ENTRA_CLIENT_ID))
                .or(() -> sandbox ? Optional.of(SANDBOX_CLIENT) : Optional.empty());
        boolean fileSecrets = "file".equals(var.apply("COSELL_SECRETS_SOURCE").orElse(""));
        Optional<Path> secrets = Optional.ofNullable(flags.secretsDir)
                .or(() -> fileSecrets ? var.apply("COSELL_SECRETS_LOCATION").map(Path::of) : Optional.empty())
                .or(() -> sandbox ? Optional.of(sandboxSecretsFolder(authority)) : Optional.empty());
        Optional<String> secretPrefix = Optional.ofNullable(flags.secretPrefix)
                .or(() -> "lambda-extension".equals(var.apply("COSELL_SECRETS_SOURCE").orElse(""))
                        ? var.apply("COSELL_SECRETS_LOCATION") : Optional.empty())
                .or(() -> stack.flatMap(s -> s.output(DeployedStack.SECRETS_PREFIX)));
        String regionName = Optional.ofNullable(flags.region).or(() -> var.apply("AWS_REGION"))
                .or(() -> stack.map(DeployedStack::region)).orElse(sandbox ? "us-east-1" : "");
        Optional<URI> secretsManagerEndpoint = var.apply("COSELL_AWS_ENDPOINT_SECRETSMANAGER").map(URI::create);
        // the functions' own secrets in AWS Secrets Manager, when the command line targets a deployed stack
        Function<String, Optional<String>> deployedSecret = name -> sandbox ? Optional.empty()
                : secretPrefix.flatMap(prefix -> StackSecrets.read(regionName, secretsManagerEndpoint, prefix + name));
        Supplier<String> clientSecret = () -> var.apply("COSELL_ENTRA_CLIENT_SECRET")
                // the sandbox's own folder exists only while bin/sandbox runs; its emulators alone take the sandbox secret
                .or(() -> secrets.filter(dir -> !sandbox || java.nio.file.Files.exists(
                                dir.resolve(ApiProducers.ENTRA_CLIENT_SECRET)))
                        .map(dir -> new FileSecretSource(dir).secret(ApiProducers.ENTRA_CLIENT_SECRET)))
                .or(() -> deployedSecret.apply(ApiProducers.ENTRA_CLIENT_SECRET))
                .or(() -> sandbox ? Optional.of(SANDBOX_SECRET) : Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no Entra client secret: set COSELL_ENTRA_CLIENT_SECRET, "
                        + "--secrets-dir with a file " + ApiProducers.ENTRA_CLIENT_SECRET + ", or --secret-prefix "
                        + "(or --stack) naming the stack's secrets in AWS Secrets Manager"));
        Supplier<String> refreshToken = () -> secrets
                .map(dir -> new FileSecretSource(dir).secret(ApiProducers.PARTNER_CENTER_REFRESH_TOKEN))
                .or(() -> deployedSecret.apply(ApiProducers.PARTNER_CENTER_REFRESH_TOKEN))
                .orElseThrow(() -> new IllegalStateException("no Partner Center refresh token: --secrets-dir with a file "
                        + ApiProducers.PARTNER_CENTER_REFRESH_TOKEN + ", or --secret-prefix (or --stack) naming the "
                        + "stack's secrets in AWS Secrets Manager (run bin/cosell consent to sign in and store one)"));
        URI partnerCenter = Optional.ofNullable(flags.partnerCenterUrl)
                .or(() -> var.apply("COSELL_PARTNER_CENTER_BASE_URL").map(URI::create))
                .orElse(URI.create(sandbox ? SANDBOX_HOST + "7101" : "https://api.partner.microsoft.com"));
        URI webhooks = var.apply("COSELL_PARTNER_CENTER_WEBHOOKS_BASE_URL").map(URI::create)
                .orElse(sandbox ? partnerCenter : URI.create("https://api.partnercenter.microsoft.com"));
        Optional<URI> webhookUrl = Optional.ofNullable(flags.webhookUrl).or(() -> var.apply("COSELL_WEBHOOK_URL").map(URI::create))
                .or(() -> stack.map(s -> URI.create(s.requiredOutput(DeployedStack.WEBHOOK_URL, "--webhook-url"))))
                .or(() -> sandbox ? Optional.of(URI.create(SANDBOX_HOST + "7100/")) : Optional.empty());
        String region = regionName;
        Optional<URI> dynamoEndpoint = Optional.ofNullable(flags.dynamoDbUrl)
                .or(() -> var.apply("COSELL_AWS_ENDPOINT_DYNAMODB").map(URI::create))
                .or(() -> sandbox ? Optional.of(URI.create(SANDBOX_HOST + "7104")) : Optional.empty());
        Optional<URI> sqsEndpoint = Optional.ofNullable(flags.sqsUrl)
                .or(() -> var.apply("COSELL_AWS_ENDPOINT_SQS").map(URI::create))
                .or(() -> sandbox ? Optional.of(URI.create(SANDBOX_HOST + "7105")) : Optional.empty());
        String table = Optional.ofNullable(flags.table).or(() -> var.apply("COSELL_SYNC_TABLE"))
                .or(() -> stack.map(s -> s.requiredOutput(DeployedStack.SYNC_TABLE, "--table"))).orElse(DEFAULT_TABLE);
        Optional<URI> queue = Optional.ofNullable(flags.queueUrl).or(() -> var.apply("COSELL_SYNC_QUEUE_URL").map(URI::create))
                .or(() -> stack.map(s -> URI.create(s.requiredOutput(DeployedStack.SYNC_QUEUE, "--queue-url"))))
                .or(() -> sqsEndpoint.filter(e -> sandbox).map(e -> URI.create(e + "/000000000000/cosell-sync")));
        Optional<URI> dlq = Optional.ofNullable(flags.dlqUrl).or(() -> var.apply("COSELL_SYNC_DLQ_URL").map(URI::create))
                .or(() -> stack.map(s -> URI.create(s.requiredOutput(DeployedStack.SYNC_DLQ, "--dlq-url"))))
                .or(() -> queue.map(q -> URI.create(q + "-dlq")));
        Optional<Path> mapping = Optional.ofNullable(flags.mapping).or(() -> var.apply("COSELL_MAPPING_FILE").map(Path::of));
        // the stack's mapping counts only when no file is named: a named file that is missing means the built-in one
        Optional<String> deployedMapping = mapping.isPresent() ? Optional.empty() : parameter.apply(DeployedStack.MAPPING_JSON);
        return new Settings(sandbox, dataverse, scope, authority, tenant, clientId, clientSecret, refreshToken,
                partnerCenter, aws(region, dynamoEndpoint), aws(region, sqsEndpoint), table, queue, dlq, mapping,
                secrets, secretPrefix, webhooks, webhookUrl,
                secretsManagerEndpoint,
                var.apply("COSELL_CRM_POLLER_MODE").or(() -> parameter.apply(DeployedStack.CRM_POLLER_MODE)),
                var.apply("COSELL_RECONCILER_OVERLAP"), deployedMapping);
    }

    /**
     * The folder {@code bin/sandbox} writes its secrets to (the functions read them there): one per user and Entra
     * emulator port under the temporary folder, so two sandboxes on other ports never share a refresh token.
     */
    static Path sandboxSecretsFolder(URI entraAuthority) {
        int port = entraAuthority.getPort() < 0 ? 7103 : entraAuthority.getPort();
        return Path.of(System.getProperty("java.io.tmpdir"),
                "cosell-sandbox-" + System.getProperty("user.name") + "-" + port);
    }

    private static AwsClientSettings aws(String region, Optional<URI> endpoint) {
        if (region.isBlank()) {
            return null;
        }
        return new AwsClientSettings(region, endpoint);
    }

    URI requireDataverse() {
        return dataverseApiRoot.orElseThrow(() -> new IllegalStateException(
                "no Dataverse URL: --dataverse-url or COSELL_DATAVERSE_API_ROOT (or --stack, or --sandbox)"));
    }

    AwsClientSettings requireDynamoDb() {
        if (dynamoDb == null) {
            throw new IllegalStateException("no AWS region: --region or AWS_REGION (or --stack, or --sandbox)");
        }
        return dynamoDb;
    }

    AwsClientSettings requireSqs() {
        if (sqs == null) {
            throw new IllegalStateException("no AWS region: --region or AWS_REGION (or --stack, or --sandbox)");
        }
        return sqs;
    }

    URI requireQueue() {
        return queueUrl.orElseThrow(() -> new IllegalStateException("no sync queue: --queue-url or COSELL_SYNC_QUEUE_URL (or --stack)"));
    }

    URI requireDlq() {
        return dlqUrl.orElseThrow(() -> new IllegalStateException("no dead-letter queue: --dlq-url or COSELL_SYNC_DLQ_URL (or --stack)"));
    }

    String requireRegion() {
        if (sqs == null) {
            throw new IllegalStateException("no AWS region: --region or AWS_REGION (or --stack)");
        }
        return sqs.region();
    }

    URI requireWebhookUrl() {
        return webhookUrl.orElseThrow(() -> new IllegalStateException(
                "no webhook URL: --webhook-url or COSELL_WEBHOOK_URL (or --stack: its output WebhookUrl)"));
    }

    /** The mapping file's text, else the deployed stack's mapping, if there is one. */
    Optional<String> mappingJson() {
        return mappingFile.filter(Files::exists).map(file -> {
            try {
                return Files.readString(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the mapping " + file + ": " + e.getMessage(), e);
            }
        }).or(() -> deployedMappingJson);
    }
}
