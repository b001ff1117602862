package io.cosell.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.sandbox.lambda.FunctionConfig;
import io.cosell.sandbox.lambda.Invocation;
import io.cosell.sandbox.lambda.LocalFunction;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.config.ApiProducers;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold start of the mapper function.zip per HTTP client variant, under the real AWS Lambda runtime interface client
 * ({@link LocalFunction}) against the Entra ID, Partner Center and Dataverse emulators, DynamoDB Local and ElasticMQ.
 * Each repetition starts a fresh worker JVM per variant (the order alternates: A B, B A, ...) and measures:
 * init (JVM start to the runtime's first {@code /next}), first invoke (an SQS batch with one PC_TO_CRM message for a
 * referral that exists in the Partner Center emulator: token requests, GET referral, Dataverse account/contact/lead
 * writes), first response (the two added: JVM start to the first answer), warm p50 of further such batches, and the
 * worker's peak RSS (VmHWM). Every invocation must sync (no batch item failure), every first referral must end
 * as one lead, and the worker's threads must show that the variant's client carried the calls. Zips: {@code -Dcosell.bench.zips=jdk=/a/function.zip,rest-client=/b/function.zip}. Not a timed test.
 */
class MapperHttpClientBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TENANT = "sandbox-tenant";
    private static final String TABLE = "cosell-sync";
    private static final String QUEUE = "cosell-sync";
    private static final String OBSERVER = "observer";

    private static final int REPETITIONS = Integer.getInteger("cosell.bench.repetitions", 5);
    private static final int WARM = Integer.getInteger("cosell.bench.warm", 25);

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static DataverseEmulator dataverse;
    private static DynamoDbLocalServer dynamoDb;
    private static ElasticMqServer sqs;
    private static Map<String, String> environment;

    record Run(String variant, int repetition, Duration init, Duration firstInvoke, Duration warmP50, long vmHwmKb) {
        Duration firstResponse() {
            return init.plus(firstInvoke);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        EntraSettings defaults = EntraSettings.sandboxDefaults();
        Map<String, String> clients = new LinkedHashMap<>(defaults.clients());
        clients.put(OBSERVER, OBSERVER);
        entra = EntraEmulator.start(0, new EntraSettings(clients, defaults.refreshTokens(), defaults.tokenLifetime()));
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
        dataverse.seed();
        partnerCenter.seed();
        dynamoDb = DynamoDbLocalServer.start(0);
        sqs = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, QUEUE + "-dlq", 5, 30)));
        try (DynamoDbClient client = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()))) {
            SyncStateTable.createIfMissing(client, TABLE);
        }
        Path secrets = Files.createTempDirectory("cosell-bench-secrets");
        Files.writeString(secrets.resolve(ApiProducers.ENTRA_CLIENT_SECRET), EntraSettings.SANDBOX_CLIENT_SECRET);
        Files.writeString(secrets.resolve(ApiProducers.PARTNER_CENTER_REFRESH_TOKEN), EntraSettings.SANDBOX_REFRESH_TOKEN);
        environment = new LinkedHashMap<>();
        environment.put("COSELL_PARTNER_CENTER_BASE_URL", partnerCenter.baseUri().toString());
        environment.put("COSELL_PARTNER_CENTER_WEBHOOKS_BASE_URL", partnerCenter.baseUri().toString());
        environment.put("COSELL_DATAVERSE_API_ROOT", dataverse.apiRoot().toString());
        environment.put("COSELL_DATAVERSE_SCOPE", dataverse.scope());
        environment.put("COSELL_ENTRA_AUTHORITY", entra.server().baseUri().toString());
        environment.put("COSELL_ENTRA_TENANT", TENANT);
        environment.put("COSELL_ENTRA_CLIENT_ID", EntraSettings.SANDBOX_CLIENT_ID);
        environment.put("COSELL_SECRETS_SOURCE", "file");
        environment.put("COSELL_SECRETS_LOCATION", secrets.toString());
        environment.put("COSELL_AWS_ENDPOINT_DYNAMODB", dynamoDb.endpoint().toString());
        environment.put("COSELL_AWS_ENDPOINT_SQS", sqs.endpoint().toString());
        environment.put("COSELL_SYNC_TABLE", TABLE);
        environment.put("COSELL_SYNC_QUEUE_URL", sqs.queueUrl(QUEUE));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        dynamoDb.close();
        dataverse.close();
        partnerCenter.close();
        entra.close();
    }

    @Test
    void coldStartPerHttpClient() throws Exception {
        // given
        Map<String, Path> zips = zips();
        List<String> variants = List.copyOf(zips.keySet());
        String loadBefore = loadAverage();

        // when
        List<Run> runs = new ArrayList<>();
        List<String> firstReferrals = new ArrayList<>();
        for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
            List<String> order = new ArrayList<>(variants);
            if (repetition % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String variant : order) {
                String first = shareReferral();
                firstReferrals.add(first);
                runs.add(measure(variant, repetition, zips.get(variant), first));
            }
        }
        String loadAfter = loadAverage();

        // then
        for (String referral : firstReferrals) {
            assertThat(leadsFor(referral)).as("leads for referral %s", referral).isEqualTo(1);
        }
        System.out.println(report(runs, zips, loadBefore, loadAfter));
    }

    private static Run measure(String variant, int repetition, Path zip, String firstReferral) throws Exception {
        List<String> warmReferrals = new ArrayList<>();
        for (int i = 0; i < WARM; i++) {
            warmReferrals.add(shareReferral());
        }
        try (LocalFunction mapper = LocalFunction.start(FunctionConfig.quarkus("mapper-" + variant, zip)
                .withEnvironment(environment).withTimeout(Duration.ofSeconds(60)))) {
            assertThat(mapper.awaitInitialised(Duration.ofSeconds(120))).as("%s initialised", variant).isTrue();
            Duration init = mapper.coldStarts().getFirst();
            long pid = workerPid();
            Duration firstInvoke = syncBatch(mapper, firstReferral);
            List<Duration> warm = new ArrayList<>();
            for (String referral : warmReferrals) {
                warm.add(syncBatch(mapper, referral));
            }
            warm.sort(null);
            assertCarriedBy(variant, threadNames(pid));
            return new Run(variant, repetition, init, firstInvoke, warm.get((warm.size() - 1) / 2), vmHwmKb(pid));
        }
    }

    /** One SQS batch with one PC_TO_CRM message, as the event source mapping delivers it; it must sync. */
    private static Duration syncBatch(LocalFunction mapper, String referralId) throws Exception {
        String body = new SyncMessage(SyncDirection.PC_TO_CRM, referralId, null, "referral-created", Instant.now(),
                "bench-" + UUID.randomUUID()).toJson();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("messageId", UUID.randomUUID().toString());
        record.put("receiptHandle", UUID.randomUUID().toString());
        record.put("body", body);
        record.put("attributes", Map.of("ApproximateReceiveCount", "1",
                "SentTimestamp", Long.toString(System.currentTimeMillis()),
                "SenderId", "000000000000",
                "ApproximateFirstReceiveTimestamp", Long.toString(System.currentTimeMillis())));
        record.put("messageAttributes", Map.of());
        record.put("md5OfBody", HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(body.getBytes(StandardCharsets.UTF_8))));
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:" + QUEUE);
        record.put("awsRegion", "us-east-1");
        byte[] event = JSON.writeValueAsBytes(Map.of("Records", List.of(record)));
        Invocation invocation = mapper.invoke(event).get(90, TimeUnit.SECONDS);
        assertThat(invocation.succeeded()).as("invocation of %s: %s", mapper.name(), invocation.error()).isTrue();
        JsonNode answer = JSON.readTree(invocation.payload());
        assertThat(answer.path("batchItemFailures").size()).as("batch item failures: %s", answer).isZero();
        return invocation.duration();
    }

    /** The one worker JVM this test has running (the AWS Lambda runtime interface client). */
    private static long workerPid() {
        List<ProcessHandle> workers = ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().orElse("").contains("AWSLambda"))
                .toList();
        assertThat(workers).as("running worker JVMs").hasSize(1);
        return workers.getFirst().pid();
    }

    /**
     * Proof that the variant's calls went through its client: the JDK HttpClient runs a selector thread
     * ({@code HttpClient-N-SelectorManager}), the Quarkus REST client Vert.x event loops; the other must be absent.
     */
    private static void assertCarriedBy(String variant, List<String> threads) {
        boolean jdkClient = threads.stream().anyMatch(name -> name.startsWith("HttpClient-"));
        boolean vertx = threads.stream().anyMatch(name -> name.startsWith("vert.x-eventloo"));
        switch (variant) {
            case "jdk" -> assertThat(jdkClient && !vertx).as("jdk variant threads %s", threads).isTrue();
            case "rest-client" -> assertThat(vertx && !jdkClient).as("rest-client variant threads %s", threads).isTrue();
            default -> { }
        }
    }

    private static List<String> threadNames(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(task -> {
                try {
                    return Files.readString(task.resolve("comm")).trim();
                } catch (IOException gone) {
                    return "";
                }
            }).toList();
        }
    }

    private static long vmHwmKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow();
    }

    private static String shareReferral() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String referral = """
                {"customerProfile": {"name": "Bench Customer %s", "address": {"city": "Galway", "postalCode": "H91 %s",
                 "country": "IE"}, "team": [{"firstName": "Aoife", "lastName": "Byrne", "email": "%s@bench.example"}]}}"""
                .formatted(suffix, suffix.substring(0, 4), suffix);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                        URI.create(partnerCenter.baseUri() + "/_sandbox/microsoft/referrals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(referral)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    private static int leadsFor(String referralId) throws Exception {
        String filter = URLEncoder.encode("cosell_referralid eq '" + referralId + "'", StandardCharsets.UTF_8)
                .replace("+", "%20");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(dataverse.apiRoot() + "leads?$filter=" + filter))
                .header("Authorization", "Bearer " + observerToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(page.body()).path("value").size();
    }

    private static String observerToken() throws Exception {
        String form = "grant_type=client_credentials&client_id=" + OBSERVER + "&client_secret=" + OBSERVER
                + "&scope=" + URLEncoder.encode(dataverse.scope(), StandardCharsets.UTF_8);
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(entra.tokenUrl(TENANT).toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(token.body()).path("access_token").asText();
    }

    private static Map<String, Path> zips() {
        String spec = System.getProperty("cosell.bench.zips", "");
        Map<String, Path> zips = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                zips.put(parts[0].trim(), Path.of(parts[1].trim()));
            }
        }
        assertThat(zips).as("-Dcosell.bench.zips=name=/path/function.zip,name=/path/function.zip").hasSizeGreaterThanOrEqualTo(2);
        zips.values().forEach(zip -> assertThat(zip).isRegularFile());
        return zips;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static String report(List<Run> runs, Map<String, Path> zips, String loadBefore, String loadAfter)
            throws IOException {
        StringBuilder out = new StringBuilder("BENCHMARK mapper HTTP client: " + REPETITIONS + " repetitions, " + WARM
                + " warm invokes each; load average before [" + loadBefore + "], after [" + loadAfter + "]\n");
        out.append(String.format("%-12s %4s %9s %12s %15s %10s %11s%n", "variant", "rep", "init ms",
                "1st invoke", "1st response", "warm p50", "VmHWM MiB"));
        for (Run run : runs) {
            out.append(String.format("%-12s %4d %9d %12d %15d %10.1f %11.1f%n", run.variant(), run.repetition(),
                    run.init().toMillis(), run.firstInvoke().toMillis(), run.firstResponse().toMillis(),
                    run.warmP50().toNanos() / 1e6, run.vmHwmKb() / 1024.0));
        }
        for (Map.Entry<String, Path> variant : zips.entrySet()) {
            List<Run> mine = runs.stream().filter(run -> run.variant().equals(variant.getKey())).toList();
            out.append(String.format("MEDIAN %-12s init %d ms, first invoke %d ms, first response %d ms, warm p50 %.1f ms,"
                            + " VmHWM %.1f MiB, zip %.1f MiB%n", variant.getKey(),
                    median(mine.stream().map(run -> (double) run.init().toMillis()).toList()).longValue(),
                    median(mine.stream().map(run -> (double) run.firstInvoke().toMillis()).toList()).longValue(),
                    median(mine.stream().map(run -> (double) run.firstResponse().toMillis()).toList()).longValue(),
                    median(mine.stream().map(run -> run.warmP50().toNanos() / 1e6).toList()),
                    median(mine.stream().map(run -> run.vmHwmKb() / 1024.0).toList()),
                    Files.size(variant.getValue()) / 1024.0 / 1024.0));
        }
        return out.toString();
    }

    private static Double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
