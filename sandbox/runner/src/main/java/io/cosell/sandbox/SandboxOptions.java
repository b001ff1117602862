package io.cosell.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run the sandbox.
 *
 * @param ports          where each part listens on 127.0.0.1
 * @param functionsDir   the folder with the functions' function.zip files (built by the sandbox/runner module)
 * @param pollInterval   how often the CRM poller is invoked (EventBridge schedule stand-in)
 * @param mapperInstances how many mapper execution environments consume the sync queue at once
 * @param mappingJson    the customer's mapping ({@code COSELL_MAPPING_JSON}); empty = the defaults
 * @param reconcileInterval how often the reconciler is invoked (EventBridge schedule stand-in)
 * @param connectorSchema false: the Dataverse emulator starts without the connector's columns, tables and keys
 *                       ({@code --no-schema}), as a CRM is before {@code bin/cosell schema install}
 * @param sharedStores   DynamoDB Local and ElasticMQ started once for many sandboxes (a test run); empty = the sandbox
 *                       starts its own on {@link SandboxPorts#dynamoDb()} and {@link SandboxPorts#sqs()}
 */
public record SandboxOptions(SandboxPorts ports, Path functionsDir, Duration pollInterval, int mapperInstances,
                             java.util.Optional<String> mappingJson, Duration reconcileInterval,
                             boolean connectorSchema, java.util.Optional<SharedStores> sharedStores) {

    public static final Path DEFAULT_FUNCTIONS_DIR = Path.of("sandbox", "runner", "target", "functions");

    public static SandboxOptions defaults() {
        return new SandboxOptions(SandboxPorts.defaults(), DEFAULT_FUNCTIONS_DIR, Duration.ofMinutes(1), 2,
                java.util.Optional.empty(), Duration.ofSeconds(30), true, java.util.Optional.empty());
    }

    public SandboxOptions withPorts(SandboxPorts value) {
        return new SandboxOptions(value, functionsDir, pollInterval, mapperInstances, mappingJson, reconcileInterval,
                connectorSchema, sharedStores);
    }

    public SandboxOptions withFunctionsDir(Path value) {
        return new SandboxOptions(ports, value, pollInterval, mapperInstances, mappingJson, reconcileInterval,
                connectorSchema, sharedStores);
    }

    public SandboxOptions withPollInterval(Duration value) {
        return new SandboxOptions(ports, functionsDir, value, mapperInstances, mappingJson, reconcileInterval,
                connectorSchema, sharedStores);
    }

    public SandboxOptions withMapperInstances(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("at least one mapper instance");
        }
        return new SandboxOptions(ports, functionsDir, pollInterval, value, mappingJson, reconcileInterval,
                connectorSchema, sharedStores);
    }

    public SandboxOptions withMappingJson(String json) {
        return new SandboxOptions(ports, functionsDir, pollInterval, mapperInstances, java.util.Optional.of(json),
                reconcileInterval, connectorSchema, sharedStores);
    }

    public SandboxOptions withReconcileInterval(Duration value) {
        return new SandboxOptions(ports, functionsDir, pollInterval, mapperInstances, mappingJson, value,
                connectorSchema, sharedStores);
    }

    public SandboxOptions withSharedStores(SharedStores stores) {
        return new SandboxOptions(ports, functionsDir, pollInterval, mapperInstances, mappingJson, reconcileInterval,
                connectorSchema, java.util.Optional.of(stores));
    }

    public SandboxOptions withoutConnectorSchema() {
        return new SandboxOptions(ports, functionsDir, pollInterval, mapperInstances, mappingJson, reconcileInterval,
                false, sharedStores);
    }

    public static final String USAGE = """
            usage: bin/sandbox [--no-build] [options]
              --receiver-port=N        webhook receiver Function URL (default 7100)
              --partner-center-port=N  Partner Center emulator (default 7101)
              --dataverse-port=N       Dataverse Web API emulator (default 7102)
              --entra-port=N           Entra ID token emulator (default 7103)
              --dynamodb-port=N        DynamoDB Local (default 7104)
              --sqs-port=N             ElasticMQ, the SQS stand-in (default 7105)
              --health-port=N          readiness of every part at /q/health/ready (default 7106)
              --poll-interval=SECONDS  how often the CRM poller runs (default 60)
              --reconcile-interval=SECONDS  how often the reconciler runs (default 30)
              --functions-dir=PATH     where the function.zip files are (default sandbox/runner/target/functions)
              --mapping=FILE           the customer's mapping as JSON (default: the built-in mapping)
              --no-schema              start Dataverse without the connector's columns and tables
                                       (then run bin/cosell --sandbox schema install)
            Port 0 picks a free port.""";

    /** Parses {@code --name=value} options; throws {@link IllegalArgumentException} with a readable reason. */
    public static SandboxOptions parse(String... args) {
        SandboxOptions options = defaults();
        SandboxPorts p = options.ports();
        int receiver = p.receiver(), pc = p.partnerCenter(), dv = p.dataverse(), entra = p.entra(), ddb = p.dynamoDb(),
                sqs = p.sqs(), health = p.health();
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--receiver-port" -> receiver = port(name, value);
                case "--partner-center-port" -> pc = port(name, value);
                case "--dataverse-port" -> dv = port(name, value);
                case "--entra-port" -> entra = port(name, value);
                case "--dynamodb-port" -> ddb = port(name, value);
                case "--sqs-port" -> sqs = port(name, value);
                case "--health-port" -> health = port(name, value);
                case "--poll-interval" -> options = options.withPollInterval(Duration.ofSeconds(positive(name, value)));
                case "--reconcile-interval" ->
                        options = options.withReconcileInterval(Duration.ofSeconds(positive(name, value)));
                case "--functions-dir" -> options = options.withFunctionsDir(Path.of(value));
                case "--mapping" -> options = options.withMappingJson(readMapping(value));
                case "--no-schema" -> options = options.withoutConnectorSchema();
                default -> unknown.add(arg);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + String.join(" ", unknown));
        }
        return options.withPorts(new SandboxPorts(receiver, pc, dv, entra, ddb, sqs, health));
    }

    private static String readMapping(String file) {
        try {
            return java.nio.file.Files.readString(Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--mapping: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a port number 0-65535, got '" + value + "'");
        }
    }

    private static long positive(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a positive number of seconds, got '" + value + "'");
        }
    }
}
