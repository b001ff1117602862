package io.cosell.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code bin/cosell}: installs and operates the connector, against a deployed stack (settings from flags or the
 * environment variables the functions read, AWS credentials from the usual chain) or the running sandbox
 * ({@code --sandbox}). Every subcommand goes through {@link Services}, so both targets run the same code.
 */
@Command(name = "cosell", mixinStandardHelpOptions = true, version = "cosell 0.1.0",
        description = {"Install and operate the co-sell connector.",
                "Targets a deployed stack (flags or the COSELL_* environment variables the functions use, AWS "
                        + "credentials from the usual chain) or the running sandbox (--sandbox).",
                "Exit code 0 on success; non-zero with a one-line reason otherwise."},
        footer = {"", "Examples:", "  bin/sandbox --no-schema &   # an empty CRM",
                "  bin/cosell --sandbox schema install", "  bin/cosell --sandbox doctor",
                "  bin/cosell --sandbox status", ""},
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

    @Option(names = "--dataverse-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Dataverse Web API root, e.g. https://contoso.crm4.dynamics.com/api/data/v9.2/ "
                    + "(default: $COSELL_DATAVERSE_API_ROOT).")
    URI dataverseUrl;

    @Option(names = "--entra-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Entra ID authority (default: $COSELL_ENTRA_AUTHORITY or https://login.microsoftonline.com).")
    URI entraUrl;

    @Option(names = "--tenant", scope = ScopeType.INHERIT, description = "Entra tenant (default: $COSELL_ENTRA_TENANT).")
    String tenant;

    @Option(names = "--client-id", scope = ScopeType.INHERIT,
            description = "The connector's app registration (default: $COSELL_ENTRA_CLIENT_ID).")
    String clientId;

    @Option(names = "--secrets-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder with the files entra-client-secret and partner-center-refresh-token "
                    + "(default with COSELL_SECRETS_SOURCE=file: $COSELL_SECRETS_LOCATION); "
                    + "$COSELL_ENTRA_CLIENT_SECRET gives the client secret instead.")
    Path secretsDir;

    @Option(names = "--secret-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "The stack's AWS Secrets Manager secret id prefix, e.g. cosell/prod/ (default with "
                    + "COSELL_SECRETS_SOURCE=lambda-extension: $COSELL_SECRETS_LOCATION); consent stores the refresh "
                    + "token in <prefix>partner-center-refresh-token.")
    String secretPrefix;

    @Option(names = "--webhook-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "This deployment's webhook receiver URL (the stack's output WebhookUrl; default: "
                    + "$COSELL_WEBHOOK_URL).")
    URI webhookUrl;

    @Option(names = "--partner-center-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Partner Center API host (default: $COSELL_PARTNER_CENTER_BASE_URL or https://api.partner.microsoft.com).")
    URI partnerCenterUrl;

    @Option(names = "--region", scope = ScopeType.INHERIT, description = "AWS region (default: $AWS_REGION).")
    String region;

    @Option(names = "--dynamodb-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "A DynamoDB endpoint other than AWS's (the sandbox's DynamoDB Local).")
    URI dynamoDbUrl;

    @Option(names = "--sqs-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "An SQS endpoint other than AWS's (the sandbox's ElasticMQ).")
    URI sqsUrl;

    @Option(names = "--table", scope = ScopeType.INHERIT,
            description = "The sync state table (default: $COSELL_SYNC_TABLE or cosell-sync).")
    String table;

    @Option(names = "--queue-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The sync queue (default: $COSELL_SYNC_QUEUE_URL).")
    URI queueUrl;

    @Option(names = "--dlq-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The dead-letter queue (default: $COSELL_SYNC_DLQ_URL, else the sync queue's URL + '-dlq').")
    URI dlqUrl;

    @Option(names = "--mapping", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The mapping file the functions read (default: $COSELL_MAPPING_FILE; none: the built-in mapping).")
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

    /** The settings this command line targets. */
    Settings settings(java.util.Map<String, String> env) {
        return Settings.resolve(this, env);
    }
}
