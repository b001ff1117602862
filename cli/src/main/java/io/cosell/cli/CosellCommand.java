package io.cosell.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/cosell}: installs and operates the connector, against a deployed stack (settings from flags, the
 * environment variables the functions read, or the CloudFormation stack's outputs and parameters with
 * {@code --stack}; AWS credentials from the usual chain) or the running sandbox ({@code --sandbox}). Every subcommand
 * goes through {@link Services}, so both targets run the same code.
 */
@Command(name = "cosell", mixinStandardHelpOptions = true, version = "cosell 0.1.0",
        description = {"Install and operate the co-sell connector.",
                "Targets a deployed stack or the running sandbox (--sandbox). For a stack, each setting comes from its "
                        + "flag, else the COSELL_* environment variable the functions use, else the CloudFormation "
                        + "stack named by --stack or $COSELL_STACK: its outputs (table, queues, webhook URL, secrets "
                        + "prefix) and parameters (Dataverse URL, tenant, client id, mapping), read with DescribeStacks. "
                        + "AWS credentials and region come from the usual AWS chain (environment, profile, role).",
                "Exit code 0 on success; non-zero with a one-line reason otherwise."},
        footer = {"", "Examples:", "  bin/sandbox --no-schema &   # an empty CRM",
                "  bin/cosell --sandbox schema install", "  bin/cosell --sandbox doctor",
                "  bin/cosell --sandbox status",
                "  bin/cosell --stack cosell-prod status   # a stack deployed with sam deploy",
                "  # Terraform has no stack: its outputs as flags (or COSELL_* variables)",
                "  bin/cosell --table \"$(terraform -chdir=infra output -raw sync_table_name)\" \\",
                "    --queue-url \"$(terraform -chdir=infra output -raw sync_queue_url)\" status", ""},
        subcommands = {
                SchemaCommand.class,
                ConsentCommand.class,
                RegisterCommand.class,
                DoctorCommand.class,
                StatusCommand.class,
                ResyncCommand.class,
                ReplayDlqCommand.class,
                SolutionsCommand.class,
                MigrateCommand.class,
                CommandLine.HelpCommand.class})
public final class CosellCommand {

    @Option(names = "--sandbox", scope = ScopeType.INHERIT,
            description = "Target the sandbox started by bin/sandbox on 127.0.0.1 (default ports 7100-7106, its public "
                    + "credentials); the flags below override single parts.")
    boolean sandbox;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print one JSON document instead of text.")
    boolean json;

    @Option(names = "--stack", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "The CloudFormation (SAM) stack whose outputs and parameters give the settings no flag or "
                    + "variable gives (default: $COSELL_STACK, ignored with --sandbox). A stack that does not exist, "
                    + "or lacks one of the outputs WebhookUrl, SyncTableName, SyncQueueUrl, SyncDeadLetterQueueUrl, "
                    + "stops the command. Terraform deployments have no stack: pass flags or COSELL_* variables.")
    String stack;

    @Option(names = "--dataverse-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Dataverse Web API root, e.g. https://contoso.crm4.dynamics.com/api/data/v9.2/ "
                    + "(default: $COSELL_DATAVERSE_API_ROOT, else the stack's parameter DataverseApiRoot).")
    URI dataverseUrl;

    @Option(names = "--entra-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Entra ID authority (default: $COSELL_ENTRA_AUTHORITY or https://login.microsoftonline.com).")
    URI entraUrl;

    @Option(names = "--tenant", scope = ScopeType.INHERIT, description = "Entra tenant (default: $COSELL_ENTRA_TENANT, else the stack's parameter EntraTenant).")
    String tenant;

    @Option(names = "--client-id", scope = ScopeType.INHERIT,
            description = "The connector's app registration (default: $COSELL_ENTRA_CLIENT_ID, else the stack's parameter "
                    + "EntraClientId).")
    String clientId;

    @Option(names = "--secrets-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder with the files entra-client-secret and partner-center-refresh-token "
                    + "(default with COSELL_SECRETS_SOURCE=file: $COSELL_SECRETS_LOCATION); "
                    + "$COSELL_ENTRA_CLIENT_SECRET gives the client secret instead.")
    Path secretsDir;

    @Option(names = "--secret-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "The stack's AWS Secrets Manager secret id prefix, e.g. cosell/prod/ (default with "
                    + "COSELL_SECRETS_SOURCE=lambda-extension: $COSELL_SECRETS_LOCATION, else the stack's output "
                    + "SecretsPrefix); without $COSELL_ENTRA_CLIENT_SECRET or --secrets-dir, the client secret and the "
                    + "refresh token are read from <prefix>entra-client-secret and <prefix>partner-center-refresh-token, "
                    + "where consent stores the refresh token.")
    String secretPrefix;

    @Option(names = "--webhook-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "This deployment's webhook receiver URL (default: $COSELL_WEBHOOK_URL, else the stack's "
                    + "output WebhookUrl).")
    URI webhookUrl;

    @Option(names = "--partner-center-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Partner Center API host (default: $COSELL_PARTNER_CENTER_BASE_URL or https://api.partner.microsoft.com).")
    URI partnerCenterUrl;

    @Option(names = "--region", scope = ScopeType.INHERIT, description = "AWS region (default: $AWS_REGION, else the default AWS region chain for --stack, "
                    + "whose region then serves for the table and queues too).")
    String region;

    @Option(names = "--dynamodb-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "A DynamoDB endpoint other than AWS's (the sandbox's DynamoDB Local).")
    URI dynamoDbUrl;

    @Option(names = "--sqs-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "An SQS endpoint other than AWS's (the sandbox's ElasticMQ).")
    URI sqsUrl;

    @Option(names = "--table", scope = ScopeType.INHERIT,
            description = "The sync state table (default: $COSELL_SYNC_TABLE, else the stack's output SyncTableName, else "
                    + "cosell-sync).")
    String table;

    @Option(names = "--queue-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The sync queue (default: $COSELL_SYNC_QUEUE_URL, else the stack's output SyncQueueUrl).")
    URI queueUrl;

    @Option(names = "--dlq-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The dead-letter queue (default: $COSELL_SYNC_DLQ_URL, else the stack's output "
                    + "SyncDeadLetterQueueUrl, else the sync queue's URL + '-dlq').")
    URI dlqUrl;

    @Option(names = "--mapping", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The mapping file the functions read (default: $COSELL_MAPPING_FILE; none: the stack's "
                    + "parameter MappingJson, else the built-in mapping).")
    Path mapping;

    public static void main(String... args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args));
    }

    /** Runs one command line; the exit code is returned, not passed to {@link System#exit}. */
    public static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> environment, String... args) {
        CommandLine line = new CommandLine(new CosellCommand());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionStrategy(parse -> {
            Environment.set(parse.commandSpec().commandLine(), environment);
            return new CommandLine.RunLast().execute(parse);
        });
        line.setExecutionExceptionHandler((e, cmd, parse) -> {
            cmd.getErr().println("cosell: " + Output.reason(e));
            return 1;
        });
        return line.execute(args);
    }

    /** The settings this command line targets; with a stack, its description is read first. */
    Settings settings(java.util.Map<String, String> env) {
        return Settings.resolve(this, env, stackName(env).map(name -> StackLookup.describe(name,
                Optional.ofNullable(region).or(() -> variable(env, "AWS_REGION")),
                variable(env, "COSELL_AWS_ENDPOINT_CLOUDFORMATION").map(URI::create))));
    }

    /** --stack, else $COSELL_STACK unless the sandbox is the target. */
    Optional<String> stackName(java.util.Map<String, String> env) {
        if (stack != null && sandbox) {
            throw new IllegalStateException("--stack and --sandbox exclude each other: pick one target");
        }
        return Optional.ofNullable(stack).filter(s -> !s.isBlank())
                .or(() -> sandbox ? Optional.empty() : variable(env, "COSELL_STACK"));
    }

    private static Optional<String> variable(java.util.Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
