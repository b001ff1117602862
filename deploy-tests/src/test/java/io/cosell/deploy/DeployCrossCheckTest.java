package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml and infra/ against the code and against each other: every function, handler, artifact, environment
 * variable the typed configuration reads, IAM action the code calls and schedule appears in both, and nothing the code
 * does not use. A new function module under functions/ fails here until both templates deploy it.
 */
class DeployCrossCheckTest {

    /** Log delivery, done by the Lambda runtime for every function. */
    private static final Set<String> LOG_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    /** What Lambda's SQS event source mapping calls with the function's role (AWS Lambda developer guide). */
    private static final Set<String> QUEUE_CONSUMER_ACTIONS = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:GetQueueAttributes");
    /**
     * Functions that redeem the Referrals admin's refresh token (SyncProducers: the inbound and outbound syncs of the
     * mapper's SyncMessageHandler take the ReferralClient; ReconcileProducer: the reconciler lists referrals with it;
     * SignInProducers: the keep-alive redeems it). Each redemption stores the rotated token, so each needs the
     * refresh-token store's read and write actions; the others need only the client secret (registration's webhook
     * API takes app-only tokens).
     */
    private static final Set<String> REFRESH_TOKEN_READERS = Set.of("mapper", "reconciler", "token-keepalive");
    /**
     * Functions that run the doctor (DoctorProducer) and use the state table only through it: it describes the table
     * and reads cursors and leases, reads both queues' attributes, and only reads the refresh token (what redeeming
     * it returns stays in memory).
     */
    private static final Set<String> DOCTOR_RUNNERS = Set.of("admin");

    static Stream<Named<Deployment>> deployments() {
        return Stream.of(DeployDocuments.sam(), DeployDocuments.terraform())
                .map(deployment -> Named.of(deployment.source(), deployment));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void every_function_of_the_code_is_deployed_from_its_maven_built_zip_and_nothing_else(Deployment deployment) {
        // given
        Set<String> functions = CodeFacts.functions();

        // then
        assertThat(deployment.functions().keySet()).as(deployment.source() + " functions vs functions/*")
                .containsExactlyInAnyOrderElementsOf(functions);
        for (String function : functions) {
            assertThat(CodeFacts.isFunqyFunction(function)).as(function + " is a Funqy function").isTrue();
            assertThat(deployment.functions().get(function).handler()).isEqualTo(CodeFacts.handler(function));
            assertThat(deployment.functions().get(function).artifact())
                    .isEqualTo("functions/" + function + "/target/function.zip");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void environment_variables_are_exactly_settings_the_code_reads_and_include_every_required_one(Deployment deployment) {
        // given
        Set<String> readable = CodeFacts.configurableEnvironment();

        // then
        for (Deployment.Function function : deployment.functions().values()) {
            Map<String, String> environment = function.environment();
            assertThat(environment.keySet()).as(function.name() + ": variables the configuration does not read")
                    .isSubsetOf(readable);
            assertThat(environment.keySet()).as(function.name() + ": settings its start-up check requires")
                    .containsAll(CodeFacts.requiredEnvironment(function.name()));
            assertThat(environment).as(function.name() + ": its own timeout, which Funqy does not pass in")
                    .containsEntry("COSELL_FUNCTION_TIMEOUT", function.timeout() + "s");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void the_batch_size_setting_is_the_event_source_mappings_and_only_where_one_feeds_the_function(Deployment deployment) {
        // then
        for (Deployment.Function function : deployment.functions().values()) {
            List<Deployment.EventSourceMapping> feeding = deployment.eventSourceMappings().stream()
                    .filter(mapping -> mapping.target().equals("alias:" + function.name())).toList();
            if (feeding.isEmpty()) {
                assertThat(function.environment()).as(function.name()).doesNotContainKey("COSELL_FUNCTION_BATCH_SIZE");
            } else {
                assertThat(function.environment()).as(function.name())
                        .containsEntry("COSELL_FUNCTION_BATCH_SIZE", Integer.toString(feeding.getFirst().batchSize()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void the_max_receive_count_setting_is_the_redrive_policys_of_the_queue_that_feeds_the_function(Deployment deployment) {
        // then
        for (Deployment.Function function : deployment.functions().values()) {
            List<Deployment.EventSourceMapping> feeding = deployment.eventSourceMappings().stream()
                    .filter(mapping -> mapping.target().equals("alias:" + function.name())).toList();
            if (feeding.isEmpty()) {
                assertThat(function.environment()).as(function.name()).doesNotContainKey("COSELL_SYNC_MAX_RECEIVE_COUNT");
            } else {
                Deployment.Queue queue = deployment.queues().values().stream()
                        .filter(candidate -> feeding.getFirst().source().equals(candidate.name().equals("sync") ? "sync-queue" : "dlq"))
                        .findFirst().orElseThrow();
                assertThat(function.environment()).as(function.name() + ": the DeadLetters metric counts the last receive")
                        .containsEntry("COSELL_SYNC_MAX_RECEIVE_COUNT", Integer.toString(queue.maxReceiveCount()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void each_role_allows_exactly_the_aws_calls_its_function_makes(Deployment deployment) {
        // then
        for (Deployment.Function function : deployment.functions().values()) {
            Map<String, Set<String>> expected = expectedAccess(deployment, function);
            Map<String, Set<String>> granted = access(deployment.roles().get(function.name()));
            assertThat(granted).as(function.name() + ": actions by resource").isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void the_secrets_extension_layer_is_attached_exactly_where_secrets_are_read(Deployment deployment) {
        // then
        for (Deployment.Function function : deployment.functions().values()) {
            boolean readsSecrets = function.environment().containsKey("COSELL_ENTRA_CLIENT_ID");
            assertThat(function.layers()).as(function.name())
                    .isEqualTo(readsSecrets ? List.of("param:secrets_extension_layer_arn") : List.of());
            assertThat(function.environment().containsKey("COSELL_SECRETS_LOCATION")).as(function.name())
                    .isEqualTo(readsSecrets);
        }
        assertThat(deployment.secrets()).containsExactlyInAnyOrderElementsOf(CodeFacts.secretNames().values().stream()
                .map(name -> "cosell/${Stage}/" + name).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void every_scheduled_function_has_one_schedule_whose_input_it_is_tested_with(Deployment deployment) {
        // given
        Map<String, List<String>> tested = CodeFacts.scheduleInputs();

        // then
        assertThat(deployment.schedules()).extracting(Deployment.Schedule::target)
                .containsExactlyInAnyOrderElementsOf(tested.keySet().stream().map(name -> "alias:" + name).toList());
        for (Deployment.Schedule schedule : deployment.schedules()) {
            List<JsonNode> inputs = tested.get(schedule.target().substring("alias:".length())).stream()
                    .map(DeployCrossCheckTest::json).toList();
            assertThat(inputs).as(schedule.name() + " input").contains(json(schedule.input()));
            assertThat(schedule.role()).isEqualTo("role:" + schedule.name() + "-schedule");
            assertThat(access(deployment.roles().get(schedule.name() + "-schedule")))
                    .isEqualTo(Map.of(schedule.target(), Set.of("lambda:InvokeFunction")));
        }
    }

    @Test
    void template_yaml_and_infra_declare_the_same_resources_names_settings_iam_and_outputs() {
        // given
        Deployment sam = DeployDocuments.sam();
        Deployment terraform = DeployDocuments.terraform();

        // then
        assertThat(terraform.functions()).isEqualTo(sam.functions());
        assertThat(new HashSet<>(terraform.urlPermissions())).isEqualTo(new HashSet<>(sam.urlPermissions()));
        assertThat(terraform.queues()).isEqualTo(sam.queues());
        assertThat(terraform.table()).isEqualTo(sam.table());
        assertThat(terraform.eventSourceMappings()).isEqualTo(sam.eventSourceMappings());
        assertThat(byName(terraform.schedules())).usingRecursiveFieldByFieldElementComparatorIgnoringFields("input")
                .isEqualTo(byName(sam.schedules()));
        for (int i = 0; i < sam.schedules().size(); i++) {
            assertThat(json(byName(terraform.schedules()).get(i).input())).as(byName(sam.schedules()).get(i).name())
                    .isEqualTo(json(byName(sam.schedules()).get(i).input()));
        }
        Map<String, Map<String, Set<String>>> samRoles = new TreeMap<>();
        sam.roles().forEach((role, statements) -> samRoles.put(role, access(statements)));
        Map<String, Map<String, Set<String>>> terraformRoles = new TreeMap<>();
        terraform.roles().forEach((role, statements) -> terraformRoles.put(role, access(statements)));
        assertThat(terraformRoles).isEqualTo(samRoles);
        assertThat(terraform.alarms()).isEqualTo(sam.alarms());
        assertThat(terraform.dashboardMetrics()).isEqualTo(sam.dashboardMetrics());
        assertThat(terraform.metricFilters()).isEqualTo(sam.metricFilters());
        assertThat(terraform.logGroupRetention()).isEqualTo(sam.logGroupRetention());
        assertThat(terraform.secrets()).containsExactlyInAnyOrderElementsOf(sam.secrets());
        assertThat(terraform.outputs()).containsExactlyInAnyOrderElementsOf(sam.outputs());
        assertThat(terraform.registration().function()).isEqualTo(sam.registration().function());
        assertThat(terraform.registration().webhookUrl()).isEqualTo(sam.registration().webhookUrl());
    }

    /** What the function's code calls, by resource token. */
    static Map<String, Set<String>> expectedAccess(Deployment deployment, Deployment.Function function) {
        Map<String, Set<String>> expected = new TreeMap<>();
        Map<String, String> environment = function.environment();
        expected.put("log-group:" + function.name(), LOG_ACTIONS);
        boolean doctor = DOCTOR_RUNNERS.contains(function.name());
        Set<String> doctorQueueActions = doctor ? CodeFacts.doctorQueueActions() : Set.of();
        if (environment.containsKey("COSELL_SYNC_TABLE")) {
            expected.put("table", doctor ? CodeFacts.doctorTableActions() : CodeFacts.dynamoDbActions());
        }
        if (environment.containsKey("COSELL_SYNC_QUEUE_URL")) {
            expected.put("sync-queue", union(CodeFacts.sqsActions(), doctorQueueActions));
        }
        if (environment.containsKey("COSELL_SYNC_DLQ_URL")) {
            expected.put("dlq", union(CodeFacts.deadLetterQueueActions(), doctorQueueActions));
        }
        deployment.eventSourceMappings().stream()
                .filter(mapping -> mapping.target().equals("alias:" + function.name()))
                .forEach(mapping -> expected.merge(mapping.source(),
                        union(QUEUE_CONSUMER_ACTIONS, CodeFacts.redeliveryActions()), DeployCrossCheckTest::union));
        if (environment.containsKey("COSELL_ENTRA_CLIENT_ID")) {
            expected.put("secret:" + CodeFacts.secretNames().get("ENTRA_CLIENT_SECRET"), CodeFacts.secretsActions());
            boolean refreshToken = REFRESH_TOKEN_READERS.contains(function.name())
                    && !"client-credentials".equals(environment.get("COSELL_PARTNER_CENTER_AUTH"));
            if (refreshToken) {
                expected.put("secret:" + CodeFacts.secretNames().get("PARTNER_CENTER_REFRESH_TOKEN"),
                        CodeFacts.refreshTokenActions());
            } else if (doctor && !"client-credentials".equals(environment.get("COSELL_PARTNER_CENTER_AUTH"))) {
                expected.put("secret:" + CodeFacts.secretNames().get("PARTNER_CENTER_REFRESH_TOKEN"),
                        CodeFacts.refreshTokenReadActions());
            }
        }
        return expected;
    }

    private static List<Deployment.Schedule> byName(List<Deployment.Schedule> schedules) {
        return schedules.stream().sorted(Comparator.comparing(Deployment.Schedule::name)).toList();
    }

    static Map<String, Set<String>> access(List<Deployment.Statement> statements) {
        Map<String, Set<String>> access = new TreeMap<>();
        for (Deployment.Statement statement : statements) {
            for (String resource : statement.resources()) {
                access.merge(resource, new TreeSet<>(statement.actions()), DeployCrossCheckTest::union);
            }
        }
        return access;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }

    private static JsonNode json(String text) {
        try {
            return DeployDocuments.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
