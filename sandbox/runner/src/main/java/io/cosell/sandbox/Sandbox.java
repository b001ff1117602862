package io.cosell.sandbox;

import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.sandbox.lambda.FunctionUrlEndpoint;
import io.cosell.sandbox.lambda.IntervalScheduler;
import io.cosell.sandbox.lambda.Invocation;
import io.cosell.sandbox.lambda.LocalFunction;
import io.cosell.sandbox.lambda.LocalJson;
import io.cosell.sandbox.lambda.ScheduleTrigger;
import io.cosell.sandbox.lambda.SqsEventSourceMapping;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The local sandbox: Entra ID, Partner Center and Dataverse emulators, DynamoDB Local, ElasticMQ, and the
 * connector's real function.zip files run under the real AWS Lambda runtime client, wired like the AWS deployment:
 * Function URL → webhook-receiver, sync queue → mapper (event source mapping), schedules → crm-poller and reconciler.
 * The admin function is started on first use ({@link #invokeAdmin}).
 */
public final class Sandbox implements AutoCloseable {

    public static final String TENANT = "sandbox-tenant";
    public static final String SYNC_TABLE = "cosell-sync";
    public static final String SYNC_QUEUE = "cosell-sync";
    public static final String SYNC_DLQ = "cosell-sync-dlq";
    /** The sync queue: 5 receives before the dead-letter queue, 30 s visibility (AWS: 360 s). */
    static final List<ElasticMqServer.QueueSpec> QUEUES =
            List.of(new ElasticMqServer.QueueSpec(SYNC_QUEUE, SYNC_DLQ, 5, 30));
    public static final String REGION = "us-east-1";
    public static final String OBSERVER_CLIENT_ID = "observer";
    public static final String OBSERVER_CLIENT_SECRET = "observer";
    static final String RECEIVER_FUNCTION = SandboxFunction.WEBHOOK_RECEIVER.functionName();
    static final String MAPPER_FUNCTION = SandboxFunction.MAPPER.functionName();
    static final String POLLER_FUNCTION = SandboxFunction.CRM_POLLER.functionName();
    static final String RECONCILER_FUNCTION = SandboxFunction.RECONCILER.functionName();
    /** The reconciler queues a sync again once the queue has given up on it (its longest backoff is 30 s here). */
    static final Duration RECONCILER_RETRY_AFTER = Duration.ofMinutes(3);
    static final String KEEPALIVE_FUNCTION = SandboxFunction.TOKEN_KEEPALIVE.functionName();
    /** How often the sandbox redeems the Partner Center refresh token with nothing else to do (AWS: daily). */
    static final Duration KEEPALIVE_INTERVAL = Duration.ofMinutes(10);

    /** The names of the readiness checks, one per part, in start order. */
    public static final List<String> PARTS = List.of(SandboxReadiness.ENTRA, SandboxReadiness.PARTNER_CENTER,
            SandboxReadiness.DATAVERSE, SandboxReadiness.DYNAMODB, SandboxReadiness.SQS,
            SandboxReadiness.functionCheckName(RECEIVER_FUNCTION), SandboxReadiness.functionCheckName(MAPPER_FUNCTION),
            SandboxReadiness.functionCheckName(POLLER_FUNCTION), SandboxReadiness.functionCheckName(RECONCILER_FUNCTION),
            SandboxReadiness.functionCheckName(KEEPALIVE_FUNCTION),
            SandboxReadiness.RECEIVER_URL,
            SandboxReadiness.REGISTRATION);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private SandboxReadiness readiness;
    private volatile java.util.function.Consumer<String> syncLines = line -> { };
    private EntraEmulator entra;
    private PartnerCenterEmulator partnerCenter;
    private DataverseEmulator dataverse;
    private DynamoDbLocalServer dynamoDb;
    private ElasticMqServer sqs;
    private FunctionUrlEndpoint receiverUrl;
    private LocalFunction poller;
    private LocalFunction mapper;
    private String registration = "";
    private Map<String, String> environment = Map.of();
    private Path functionsDir;
    private LocalFunction admin;
    private final Map<SandboxFunction, LocalFunction> functions = new java.util.EnumMap<>(SandboxFunction.class);
    private Path refreshTokenFile;

    private Sandbox() {
    }

    /** Starts every part, the poller's schedule on a plain executor; on failure stops what was started and rethrows. */
    public static Sandbox start(SandboxOptions options) {
        return start(options, IntervalScheduler.executor());
    }

    /** Starts every part with {@code scheduler} ticking the poller's schedule. */
    public static Sandbox start(SandboxOptions options, IntervalScheduler scheduler) {
        Sandbox sandbox = new Sandbox();
        try {
            sandbox.startParts(options, scheduler);
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startParts(SandboxOptions options, IntervalScheduler scheduler) {
        SandboxPorts ports = options.ports();
        // DynamoDB Local and ElasticMQ are processes of their own: they start (shared: are emptied) while the emulators
        // start
        boolean ownStores = options.sharedStores().isEmpty();
        CompletableFuture<DynamoDbLocalServer> dynamoDbStart;
        CompletableFuture<ElasticMqServer> sqsStart;
        if (ownStores) {
            dynamoDbStart = startAside(() -> DynamoDbLocalServer.start(ports.dynamoDb()));
            sqsStart = startAside(() -> ElasticMqServer.start(ports.sqs(), QUEUES));
        } else {
            SharedStores stores = options.sharedStores().get();
            CompletableFuture<SharedStores> emptied = startAside(() -> stores.emptied(SYNC_TABLE));
            dynamoDbStart = emptied.thenApply(SharedStores::dynamoDb);
            sqsStart = emptied.thenApply(SharedStores::sqs);
        }
        try {
            entra = keep(EntraEmulator.start(ports.entra(), entraSettings()));
            partnerCenter = keep(PartnerCenterEmulator.start(ports.partnerCenter(), entra,
                    PartnerCenterSettings.sandboxDefaults()));
            dataverse = keep(DataverseEmulator.start(ports.dataverse(), entra,
                    DataverseSettings.defaults().withConnectorSchema(options.connectorSchema())));
            dataverse.seed();
            partnerCenter.seed();
        } finally {
            try {
                dynamoDb = whenStarted(dynamoDbStart, ownStores);
            } finally {
                sqs = whenStarted(sqsStart, ownStores);
            }
        }
        DynamoDbClient dynamoDbClient = keep(AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint())));
        SyncStateTable.createIfMissing(dynamoDbClient, SYNC_TABLE);

        Map<String, String> environment = functionEnvironment(entra, partnerCenter, dataverse, dynamoDb, sqs);
        refreshTokenFile = Path.of(environment.get("COSELL_SECRETS_LOCATION"))
                .resolve(io.cosell.shared.config.ApiProducers.PARTNER_CENTER_REFRESH_TOKEN);
        options.mappingJson().ifPresent(json -> environment.put("COSELL_MAPPING_JSON", json));
        Path zips = options.functionsDir();
        LocalFunction receiver = keep(SandboxFunction.start(SandboxFunction.WEBHOOK_RECEIVER.config(zips)
                .withEnvironment(environment)));
        SqsEventSourceMapping.Settings mapperBatches =
                SqsEventSourceMapping.Settings.defaults().withWaitTime(Duration.ofSeconds(1))
                        .withMaximumConcurrency(options.mapperInstances());
        mapper = keep(SandboxFunction.start(SandboxFunction.MAPPER.config(zips).withEnvironment(environment)
                .withEnvironment(Map.of("COSELL_FUNCTION_BATCH_SIZE", Integer.toString(mapperBatches.batchSize())))
                .withConcurrency(options.mapperInstances()).withTimeout(Duration.ofSeconds(60))));
        // the poller's run-time limit (45 s by default) must fit in its function timeout, as in the AWS stack
        poller = keep(SandboxFunction.start(SandboxFunction.CRM_POLLER.config(zips).withEnvironment(environment)
                .withTimeout(Duration.ofSeconds(60))));
        receiverUrl = keep(FunctionUrlEndpoint.start(ports.receiver(), receiver));
        SqsClient sqsClient = keep(AwsClients.sqs(AwsClientSettings.local(sqs.endpoint())));
        keep(SqsEventSourceMapping.start(sqsClient, sqs.queueUrl(SYNC_QUEUE), mapper, mapperBatches));
        keep(ScheduleTrigger.start(poller, "cosell-crm-poll", options.pollInterval(), REGION, scheduler));
        keep(LogTail.follow(mapper.logDirectory(), SyncReport::isSyncLine, line -> syncLines.accept(SyncReport.shorten(line))));
        registration = registerReceiver(zips, environment);
        // started after the registration, so its JVM does not compete with the registration function's start
        LocalFunction reconciler = keep(SandboxFunction.start(SandboxFunction.RECONCILER.config(zips)
                .withEnvironment(environment)
                .withEnvironment(Map.of("COSELL_RECONCILER_RETRY_AFTER", RECONCILER_RETRY_AFTER.toString()))
                .withTimeout(Duration.ofSeconds(60))));
        keep(ScheduleTrigger.start(reconciler, "cosell-reconcile", options.reconcileInterval(), REGION, scheduler));
        keep(LogTail.follow(reconciler.logDirectory(), SyncReport::isReconcileLine,
                line -> syncLines.accept(SyncReport.shorten(line))));
        this.environment = Map.copyOf(environment);
        this.functionsDir = zips;
        // started after the registration, whose start-up it would otherwise slow down
        LocalFunction keepAlive = keep(SandboxFunction.start(SandboxFunction.TOKEN_KEEPALIVE.config(zips)
                .withEnvironment(environment)));
        keep(ScheduleTrigger.start(keepAlive, "cosell-token-keepalive", KEEPALIVE_INTERVAL, REGION, scheduler));
        functions.putAll(Map.of(SandboxFunction.WEBHOOK_RECEIVER, receiver, SandboxFunction.MAPPER, mapper,
                SandboxFunction.CRM_POLLER, poller, SandboxFunction.RECONCILER, reconciler,
                SandboxFunction.TOKEN_KEEPALIVE, keepAlive));

        urls.put("webhook receiver", receiverUrl().toString());
        urls.put("partner center", partnerCenter.baseUri() + "/v1.0/engagements/referrals");
        urls.put("dataverse", dataverse.apiRoot().toString());
        urls.put("entra id", entra.tokenUrl(TENANT) + "  (clients 'sandbox'/'sandbox', 'observer'/'observer')");
        urls.put("dynamodb", dynamoDb.endpoint() + "  (table " + SYNC_TABLE + ")");
        urls.put("sqs", sqs.queueUrl(SYNC_QUEUE) + "  (dead letters: " + SYNC_DLQ + ")");
        urls.put("registration", registrationMessage());
        readiness = SandboxReadiness.probing(this, dynamoDbClient, sqsClient, List.of(receiver, mapper, poller,
                reconciler, keepAlive));
    }

    /** Every part's readiness now, in {@link #PARTS} order. */
    public List<PartReadiness> readiness() {
        return readiness.check();
    }

    /** One part's readiness now; {@code part} is one of {@link #PARTS}. */
    public PartReadiness readiness(String part) {
        return readiness.check(part);
    }

    /**
     * The connector's client ({@code sandbox}) and an observer client for people, scripts, tests and benchmarks that
     * read the emulators: Dataverse counts its service-protection limits per client, so watching never takes from
     * the connector's budget.
     */
    private static EntraSettings entraSettings() {
        EntraSettings defaults = EntraSettings.sandboxDefaults();
        Map<String, String> clients = new LinkedHashMap<>(defaults.clients());
        clients.put(OBSERVER_CLIENT_ID, OBSERVER_CLIENT_SECRET);
        return new EntraSettings(clients, defaults.refreshTokens(), defaults.tokenLifetime());
    }

    /**
     * The configuration every function gets, pointing at these parts (secrets written to private files); real
     * deployments set the same names from the SAM/Terraform stack.
     */
    public static Map<String, String> functionEnvironment(EntraEmulator entra, PartnerCenterEmulator partnerCenter,
                                                          DataverseEmulator dataverse, DynamoDbLocalServer dynamoDb,
                                                          ElasticMqServer sqs) {
        Path secrets = SandboxSecrets.write(entra.server().baseUri().getPort());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("COSELL_PARTNER_CENTER_BASE_URL", partnerCenter.baseUri().toString());
        env.put("COSELL_PARTNER_CENTER_WEBHOOKS_BASE_URL", partnerCenter.baseUri().toString());
        env.put("COSELL_DATAVERSE_API_ROOT", dataverse.apiRoot().toString());
        env.put("COSELL_DATAVERSE_SCOPE", dataverse.scope());
        env.put("COSELL_ENTRA_AUTHORITY", entra.server().baseUri().toString());
        env.put("COSELL_ENTRA_TENANT", TENANT);
        env.put("COSELL_ENTRA_CLIENT_ID", EntraSettings.SANDBOX_CLIENT_ID);
        env.put("COSELL_SECRETS_SOURCE", "file");
        env.put("COSELL_SECRETS_LOCATION", secrets.toString());
        env.put("COSELL_AWS_ENDPOINT_DYNAMODB", dynamoDb.endpoint().toString());
        env.put("COSELL_AWS_ENDPOINT_SQS", sqs.endpoint().toString());
        env.put("COSELL_SYNC_TABLE", SYNC_TABLE);
        env.put("COSELL_SYNC_QUEUE_URL", sqs.queueUrl(SYNC_QUEUE));
        env.put("COSELL_SYNC_DLQ_URL", sqs.queueUrl(SYNC_DLQ));
        // a failed message comes round after 5 s, 20 s, 30 s, 30 s (AWS: 20 s to 15 min), within a test's patience
        env.put("COSELL_SYNC_REDELIVERY_FIRST_DELAY", "5s");
        env.put("COSELL_SYNC_REDELIVERY_MAX_DELAY", "30s");
        // Webhook signatures: the emulator serves its certificate (and the intermediate its Authority Information
        // Access names) over http on 127.0.0.1 under its certificate path; only the sandbox root CA is trusted
        env.put("COSELL_WEBHOOK_RECEIVER_CERTIFICATE_HOSTS", "127.0.0.1");
        env.put("COSELL_WEBHOOK_RECEIVER_HTTP_CERTIFICATE_HOSTS", "127.0.0.1");
        env.put("COSELL_WEBHOOK_RECEIVER_CERTIFICATE_PATH_PREFIX", PartnerCenterEmulator.certificatePathPrefix());
        env.put("COSELL_WEBHOOK_RECEIVER_TRUST_ANCHORS", pem(partnerCenter.signingCaCertificate()));
        env.put("COSELL_WEBHOOK_RECEIVER_REQUIRED_ISSUER_ORGANIZATION", "Co-sell Sandbox");
        return env;
    }

    /**
     * Runs the registration function once, as the deployment does: one URL for the four referral events. The
     * function reads its configuration and secrets like in AWS, so a wrong setting fails the start with its message.
     */
    private String registerReceiver(Path zips, Map<String, String> environment) {
        // its one invocation waits for the function's cold start and the receiver's, which a busy machine makes slow
        try (LocalFunction registration = SandboxFunction.start(SandboxFunction.REGISTRATION.config(zips)
                .withEnvironment(environment).withTimeout(Duration.ofSeconds(90)))) {
            String request = "{\"action\":\"register\",\"url\":\"" + receiverUrl() + "\"}";
            awaitInitialised(registration);
            Invocation result = registration.invoke(request.getBytes(StandardCharsets.UTF_8)).join();
            if (!result.succeeded()) {
                throw new IllegalStateException("webhook registration failed: " + result.error());
            }
            return result.payloadUtf8();
        }
    }

    /**
     * Invokes the admin function (e.g. {@code {"action":"replay-dlq"}} or {@code {"action":"doctor"}}) as a direct
     * Lambda invocation does, and returns its answer; the function starts on first use and stays up until the sandbox
     * stops.
     */
    public synchronized Invocation invokeAdmin(String payload) {
        if (admin == null) {
            // as in the stack, its doctor compares the registration with the receiver's URL
            admin = keep(SandboxFunction.start(SandboxFunction.ADMIN.config(functionsDir).withEnvironment(environment)
                    .withEnvironment(Map.of("COSELL_DOCTOR_WEBHOOK_URL", receiverUrl().toString()))));
            awaitInitialised(admin);
        }
        return admin.invoke(payload.getBytes(StandardCharsets.UTF_8)).join();
    }

    /**
     * Waits for the function's init before its first invocation, so that a function that cannot start fails the
     * sandbox's start with its name and the limit it missed.
     */
    private static void awaitInitialised(LocalFunction function) {
        try {
            if (!function.awaitInitialised(LocalFunction.INIT_LIMIT)) {
                throw new IllegalStateException(function.name() + " did not initialise within " + LocalFunction.INIT_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + function.name() + " initialised", e);
        }
    }

    /** A certificate as PEM text, the form trust-anchor settings take. */
    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the sandbox CA certificate cannot be encoded", e);
        }
    }

    /** The folders where the running functions' workers write their stdout and stderr ({@code <name>-<n>.log}). */
    public List<Path> functionLogDirectories() {
        return started.stream().filter(LocalFunction.class::isInstance)
                .map(part -> ((LocalFunction) part).logDirectory()).toList();
    }

    private <T extends AutoCloseable> T keep(T part) {
        started.push(part);
        return part;
    }

    private static <T> CompletableFuture<T> startAside(Supplier<T> start) {
        CompletableFuture<T> started = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                started.complete(start.get());
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    /**
     * Waits for a part started aside; keeps one it owns, so it is closed with the rest even when a later start fails
     * (shared stores outlive the sandbox).
     */
    private <T extends AutoCloseable> T whenStarted(CompletableFuture<T> start, boolean owned) {
        try {
            T part = start.join();
            return owned ? keep(part) : part;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A running function, e.g. to restart its execution environments (a cold start) or read its output. */
    public LocalFunction function(SandboxFunction function) {
        return functions.get(function);
    }

    /** The private file holding the Partner Center refresh token the functions redeem and rotate. */
    public Path refreshTokenFile() {
        return refreshTokenFile;
    }

    public EntraEmulator entra() {
        return entra;
    }

    public PartnerCenterEmulator partnerCenter() {
        return partnerCenter;
    }

    public DataverseEmulator dataverse() {
        return dataverse;
    }

    public DynamoDbLocalServer dynamoDb() {
        return dynamoDb;
    }

    public ElasticMqServer sqs() {
        return sqs;
    }

    /** CRM poller runs that have ended since start: a test waits for a number of them, not for a time. */
    public long completedPollerRuns() {
        return poller.completedInvocations();
    }

    /** The mapper function, e.g. to stop one of its execution environments mid-sync (a crash, as Lambda may have). */
    public LocalFunction mapper() {
        return mapper;
    }

    /** The Function URL of the webhook receiver, as registered with Partner Center. */
    public URI receiverUrl() {
        return receiverUrl.baseUri().resolve("/");
    }

    private String registrationMessage() {
        return registrationReport().path("message").asText(registration);
    }

    com.fasterxml.jackson.databind.JsonNode registrationReport() {
        try {
            return LocalJson.MAPPER.readTree(registration);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** Where the functions read their secrets (the Entra client secret, the Partner Center refresh token). */
    public Path secretsFolder() {
        return SandboxSecrets.folder(entra.server().baseUri().getPort());
    }

    /** What the registration function answered at start-up (JSON). */
    public String registration() {
        return registration;
    }

    /** Part name → URL, in start order. */
    public Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    /** Receives one line per sync (referral id → CRM record, direction, time taken) and one per reconciler run. */
    public void onSyncLine(java.util.function.Consumer<String> sink) {
        this.syncLines = sink;
    }

    public void printUrls(PrintStream out) {
        urls.forEach((name, url) -> out.printf("  %-17s %s%n", name, url));
    }

    /** Stops every part, newest first. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("sandbox: stopping a part failed: " + e);
            }
        }
    }
}
