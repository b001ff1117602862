package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/ deploys each function through one call of its local module {@code modules/function}, and the tests read
 * those calls as Terraform does: what a call passes in is what the per-function view of the other tests asserts on.
 */
class TerraformModuleTest {

    private static final String FUNCTION_MODULE = "./modules/function";
    /** The functions infra/ deployed as blocks of its own before the module; their resources keep their state. */
    private static final Set<String> DEPLOYED_BEFORE_THE_MODULE = Set.of("webhook-receiver", "mapper", "crm-poller",
            "reconciler", "token-keepalive", "admin", "registration");

    @Test
    void every_function_of_the_code_is_one_call_of_the_function_module_named_after_it() {
        // given
        JsonNode infra = DeployDocuments.infra();

        // when
        Map<String, String> calls = new TreeMap<>();
        infra.path("files").forEach(file -> file.path("module").properties().forEach(call -> {
            if (call.getValue().path(0).path("source").asText().equals(FUNCTION_MODULE)) {
                calls.put(call.getKey(), call.getValue().path(0).path("name").asText());
            }
        }));
        Set<String> ownBlocks = new HashSet<>();
        infra.path("files").forEach(file -> List.of("aws_lambda_function", "aws_lambda_alias", "aws_cloudwatch_log_group")
                .forEach(type -> file.path("resource").path(type).fieldNames().forEachRemaining(ownBlocks::add)));

        // then
        assertThat(calls.values()).as("the function module's calls vs functions/*")
                .containsExactlyInAnyOrderElementsOf(CodeFacts.functions());
        assertThat(calls).allSatisfy((call, name) -> assertThat(call).as("the call of " + name)
                .isEqualTo(name.replace('-', '_')));
        assertThat(ownBlocks).as("functions, aliases and log groups declared outside the module").isEmpty();
    }

    @Test
    void a_stage_deployed_before_the_module_keeps_its_resources_through_moved_blocks() {
        // given
        JsonNode infra = DeployDocuments.infra();
        List<TerraformModules.Moved> byCalls = TerraformModules.movedByCalls(infra);

        // when
        Set<TerraformModules.Moved> declared = new HashSet<>();
        infra.path("files").forEach(file -> file.path("moved").forEach(moved -> declared.add(new TerraformModules.Moved(
                address(moved.path("from")), address(moved.path("to"))))));

        // then
        assertThat(byCalls).as("resources the calls create").isNotEmpty();
        assertThat(declared).as("moved blocks, each to where its call creates the resource").isSubsetOf(byCalls);
        assertThat(declared).as("every resource of a function deployed before the module")
                .containsAll(byCalls.stream().filter(moved -> DEPLOYED_BEFORE_THE_MODULE.contains(
                        moved.to().split("\\.")[1].replace('_', '-'))).toList());
    }

    @Test
    void a_wrong_iam_action_in_a_module_call_fails_the_cross_check() {
        // given: the mapper's SyncQueue statement granting SendMessageBatch instead of SendMessage
        JsonNode infra = DeployDocuments.infra();
        for (JsonNode statement : call(infra, "mapper").path("policy_statements")) {
            if (statement.path("sid").asText().equals("SyncQueue")) {
                ((ObjectNode) statement).putArray("actions").add("sqs:SendMessageBatch");
            }
        }

        // when
        Deployment wrong = TerraformDeployment.read(TerraformModules.flatten(infra));
        Deployment.Function mapper = wrong.functions().get("mapper");

        // then
        Deployment right = DeployDocuments.terraform();
        assertThat(DeployCrossCheckTest.access(right.roles().get("mapper")))
                .isEqualTo(DeployCrossCheckTest.expectedAccess(right, right.functions().get("mapper")));
        assertThat(DeployCrossCheckTest.access(wrong.roles().get("mapper")).get("sync-queue"))
                .contains("sqs:SendMessageBatch").doesNotContain("sqs:SendMessage");
        assertThat(DeployCrossCheckTest.access(wrong.roles().get("mapper")))
                .isNotEqualTo(DeployCrossCheckTest.expectedAccess(wrong, mapper));
    }

    @Test
    void each_input_of_a_call_reaches_its_function_and_the_module_reaches_every_function() {
        // given
        JsonNode infra = DeployDocuments.infra();
        ObjectNode admin = call(infra, "admin");
        admin.put("memory_size", 2048);
        ((ObjectNode) admin.path("environment")).put("COSELL_NOT_READ", "x");
        call(infra, "reconciler").remove(List.of("layers", "errors_alarm"));
        call(infra, "token_keepalive").putObject("throttles_alarm").put("description", "throttled");
        ((ObjectNode) infra.path("modules").path(FUNCTION_MODULE).path("main.tf").path("resource")
                .path("aws_lambda_function").path("this").path(0)).put("runtime", "java17");

        // when
        Deployment changed = TerraformDeployment.read(TerraformModules.flatten(infra));

        // then
        assertThat(changed.functions().get("admin").memory()).isEqualTo(2048);
        assertThat(changed.functions().get("admin").environment()).containsEntry("COSELL_NOT_READ", "x");
        assertThat(changed.functions().get("reconciler").layers()).isEmpty();
        assertThat(changed.alarms()).doesNotContainKey("reconciler-errors").containsKey("reconciler-throttles");
        assertThat(changed.alarms().get("token-keepalive-throttles"))
                .extracting(Deployment.Alarm::metric, Deployment.Alarm::dimension, Deployment.Alarm::notifiesTopic)
                .containsExactly("Throttles", "FunctionName=function:token-keepalive", true);
        assertThat(changed.functions().values()).hasSize(CodeFacts.functions().size())
                .allSatisfy(function -> assertThat(function.runtime()).as(function.name()).isEqualTo("java17"));
        assertThat(changed.functions()).isNotEqualTo(DeployDocuments.sam().functions());
    }

    private static ObjectNode call(JsonNode infra, String name) {
        for (JsonNode file : infra.path("files")) {
            if (file.path("module").has(name)) {
                return (ObjectNode) file.path("module").path(name).path(0);
            }
        }
        throw new AssertionError("no module call " + name);
    }

    /** An address as a moved block writes it, without the ${…} the parser puts around it. */
    private static String address(JsonNode node) {
        return node.asText().replaceAll("^\\$\\{(.*)}$", "$1");
    }
}
