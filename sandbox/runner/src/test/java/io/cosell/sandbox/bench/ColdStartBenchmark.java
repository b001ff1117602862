package io.cosell.sandbox.bench;

import io.cosell.emulator.dataverse.DataverseEmulator;
import io.cosell.emulator.dataverse.DataverseSettings;
import io.cosell.emulator.entra.EntraEmulator;
import io.cosell.emulator.entra.EntraSettings;
import io.cosell.emulator.partnercenter.PartnerCenterEmulator;
import io.cosell.emulator.partnercenter.PartnerCenterSettings;
import io.cosell.sandbox.Sandbox;
import io.cosell.sandbox.SandboxFunction;
import io.cosell.sandbox.aws.DynamoDbLocalServer;
import io.cosell.sandbox.aws.ElasticMqServer;
import io.cosell.sandbox.lambda.FunctionConfig;
import io.cosell.sandbox.lambda.FunctionZips;
import io.cosell.sandbox.lambda.Invocation;
import io.cosell.sandbox.lambda.LocalFunction;
import io.cosell.shared.aws.AwsClientSettings;
import io.cosell.shared.aws.AwsClients;
import io.cosell.shared.state.SyncStateTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold start of each function.zip against the floor, a bare Funqy function with no application code, all measured in
 * the same run. Each function boots in a fresh worker JVM under the real AWS Lambda runtime interface client
 * ({@link LocalFunction}) with the sandbox's configuration, emulators, DynamoDB Local and ElasticMQ, and gets
 * realistic events: a signed Partner Center webhook (Function URL), an SQS batch with a PC_TO_CRM sync message for a
 * referral the emulator holds, a schedule event, a {@code show} registration. Per function: init (JVM start to the
 * runtime's first request for an invocation), the first invocation, their sum (first response after JVM start),
 * {@value #DEFAULT_WARM} warm invocations after {@value #WARM_UP} unmeasured ones (p50/p99), peak RSS of the worker
 * (VmHWM) and the zip size, with ratios to
 * the bare function. Each connector function boots twice, with priming ({@code COSELL_PRIMING_ENABLED}) on and off,
 * to compare its first invocation after init with its warm p50.
 *
 * <p>Not a timed test: it asserts only that every invocation succeeded. {@code -Dcoldstart.runs=N} repeats the
 * whole measurement, {@code -Dcoldstart.warm=N} sets the warm invocations. Run with {@code bin/benchmarks ColdStart}.
 */
class ColdStartBenchmark {

    private static final int DEFAULT_WARM = 30;
    private static final int RUNS = Integer.getInteger("coldstart.runs", 1);
    private static final int WARM = Math.max(20, Integer.getInteger("coldstart.warm", DEFAULT_WARM));
    private static final int WARM_UP = 10;
    private static final Duration INIT_LIMIT = Duration.ofSeconds(90);
    private static final String TABLE = "cosell-sync";
    private static final String QUEUE = "cosell-sync";

    private static EntraEmulator entra;
    private static PartnerCenterEmulator partnerCenter;
    private static DataverseEmulator dataverse;
    private static DynamoDbLocalServer dynamoDb;
    private static ElasticMqServer elasticMq;
    private static Map<String, String> environment;
    private static ColdStartEvents events;

    /** A function to boot, the event it gets (a new one each time) and what a good answer looks like. */
    record Subject(String label, FunctionConfig config, Supplier<byte[]> event, Predicate<String> answered) {
    }

    @BeforeAll
    static void start() {
        entra = EntraEmulator.start(0, EntraSettings.sandboxDefaults());
        partnerCenter = PartnerCenterEmulator.start(0, entra, PartnerCenterSettings.sandboxDefaults());
        dataverse = DataverseEmulator.start(0, entra, DataverseSettings.defaults());
        dataverse.seed();
        partnerCenter.seed();
        dynamoDb = DynamoDbLocalServer.start(0);
        elasticMq = ElasticMqServer.start(0, List.of(new ElasticMqServer.QueueSpec(QUEUE, QUEUE + "-dlq", 5, 30)));
        try (DynamoDbClient client = AwsClients.dynamoDb(AwsClientSettings.local(dynamoDb.endpoint()))) {
            SyncStateTable.createIfMissing(client, TABLE);
        }
        environment = Sandbox.functionEnvironment(entra, partnerCenter, dataverse, dynamoDb, elasticMq);
        events = new ColdStartEvents(partnerCenter);
    }

    @AfterAll
    static void stop() {
        Stream.of(elasticMq, dynamoDb, dataverse, partnerCenter, entra).forEach(part -> {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("cold start benchmark: stopping a part failed: " + e);
            }
        });
    }

    @Test
    void every_function_against_the_bare_funqy_floor() throws Exception {
        // given
        Subject bare = new Subject("bare Funqy (floor)", FunctionConfig.funqy("bare-function",
                FunctionZips.of("cosell-bare-function")),
                events::bare, answer -> answer.equals("\"cold start\""));
        List<Subject> functions = List.of(
                connector(SandboxFunction.WEBHOOK_RECEIVER, events::signedWebhook,
                        answer -> ColdStartEvents.statusCode(answer) == 202),
                connector(SandboxFunction.MAPPER, events::syncMessageForNewReferral,
                        answer -> ColdStartEvents.batchItemFailures(answer) == 0),
                connector(SandboxFunction.CRM_POLLER, events::schedule, answer -> true),
                connector(SandboxFunction.REGISTRATION, events::registrationShow, answer -> true));
        List<ColdStartReport.Boot> boots = new ArrayList<>();

        for (int run = 1; run <= RUNS; run++) {
            // when
            String loadBefore = ColdStartReport.loadAverage();
            ColdStartReport.Boot floor = boot(bare, true);
            List<ColdStartReport.Boot> primed = new ArrayList<>();
            List<ColdStartReport.Boot> unprimed = new ArrayList<>();
            for (Subject function : functions) {
                primed.add(boot(function, true));
                unprimed.add(boot(function, false));
            }
            ColdStartReport.print(System.out, run, RUNS, loadBefore, ColdStartReport.loadAverage(), WARM_UP, floor,
                    primed, unprimed);
            boots.add(floor);
            boots.addAll(primed);
            boots.addAll(unprimed);
        }

        // then
        assertThat(boots).hasSize(RUNS * (1 + 2 * functions.size()))
                .allSatisfy(boot -> assertThat(boot.warm()).hasSize(WARM));
        assertThat(boots).filteredOn(boot -> boot.priming() && !boot.label().equals(bare.label()))
                .allSatisfy(boot -> assertThat(boot.primingLog()).as(boot.label() + " logged its priming").isPresent());
        assertThat(dataverse.requestCounts().getOrDefault(EntraSettings.SANDBOX_CLIENT_ID, 0L))
                .as("the connector's Dataverse requests: at least one per mapper invocation")
                .isGreaterThanOrEqualTo(RUNS * 2L * (1 + WARM_UP + WARM));
    }

    private static Subject connector(SandboxFunction function, Supplier<byte[]> event, Predicate<String> answered) {
        return new Subject(function.functionName(), function.config(FunctionZips.directory()).withEnvironment(environment),
                event, answered);
    }

    private static ColdStartReport.Boot boot(Subject subject, boolean priming) throws Exception {
        FunctionConfig config = subject.config()
                .withEnvironment(Map.of("COSELL_PRIMING_ENABLED", Boolean.toString(priming)));
        try (LocalFunction function = LocalFunction.start(config)) {
            assertThat(function.awaitInitialised(INIT_LIMIT))
                    .as(() -> subject.label() + " initialised; its log:\n" + logs(function.logDirectory())).isTrue();
            Duration init = function.coldStarts().getFirst();
            Duration first = invoke(function, subject);
            for (int i = 0; i < WARM_UP; i++) {
                invoke(function, subject);
            }
            List<Duration> warm = new ArrayList<>();
            for (int i = 0; i < WARM; i++) {
                warm.add(invoke(function, subject));
            }
            long peakRssKib = peakRssKib(function.workerPids().getFirst());
            return new ColdStartReport.Boot(subject.label(), priming, init, first, warm, peakRssKib,
                    Files.size(config.zip()), primingLog(function.logDirectory()));
        }
    }

    private static Duration invoke(LocalFunction function, Subject subject) throws Exception {
        Invocation invocation = function.invoke(subject.event().get()).get(2, TimeUnit.MINUTES);
        assertThat(invocation.succeeded()).as(subject.label() + ": " + invocation.error()).isTrue();
        assertThat(subject.answered()).as(subject.label() + " answered " + invocation.payloadUtf8())
                .accepts(invocation.payloadUtf8());
        return invocation.duration();
    }

    /** The most resident memory the worker JVM has used so far ({@code VmHWM}), in KiB; -1 where /proc has none. */
    private static long peakRssKib(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1L);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static String logs(Path logDirectory) {
        try (Stream<Path> logs = Files.list(logDirectory)) {
            StringBuilder text = new StringBuilder();
            for (Path log : logs.toList()) {
                text.append(Files.readString(log));
            }
            return text.toString();
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The line the priming hook logs ("primed [...] and created [...] in N ms"). */
    private static Optional<String> primingLog(Path logDirectory) throws IOException {
        try (Stream<Path> logs = Files.list(logDirectory)) {
            for (Path log : logs.toList()) {
                Optional<String> line = Files.readAllLines(log).stream().filter(l -> l.contains("primed [")).findFirst();
                if (line.isPresent()) {
                    return Optional.of(line.get().substring(line.get().indexOf("primed [")));
                }
            }
        }
        return Optional.empty();
    }
}
