package io.cosell.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A DescribeStacks answer as the command line's settings: flag, then variable, then the stack, then the default. */
class DeployedStackTest {

    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/cosell-production-sync";

    private static Stack described(Output... outputs) {
        return Stack.builder().stackName("cosell-production").outputs(outputs).parameters(
                        Parameter.builder().parameterKey("DataverseApiRoot")
                                .parameterValue("https://contoso.crm4.dynamics.com/api/data/v9.2/").build(),
                        Parameter.builder().parameterKey("EntraTenant").parameterValue("contoso.onmicrosoft.com").build(),
                        Parameter.builder().parameterKey("EntraClientId").parameterValue("0f1e2d3c-aaaa-bbbb-cccc-1234567890ab").build(),
                        Parameter.builder().parameterKey("EntraClientSecret").parameterValue("****").build(),
                        Parameter.builder().parameterKey("MappingJson").parameterValue("").build(),
                        Parameter.builder().parameterKey("CrmPollerMode").parameterValue("modifiedon").build())
                .build();
    }

    private static Output output(String key, String value) {
        return Output.builder().outputKey(key).outputValue(value).description("from template.yaml").build();
    }

    private static Stack complete() {
        return described(output("WebhookUrl", "https://abc123.lambda-url.eu-west-1.on.aws/"),
                output("SyncTableName", "cosell-production-sync"), output("SyncQueueUrl", QUEUE),
                output("SyncDeadLetterQueueUrl", QUEUE + "-dlq"), output("SecretsPrefix", "cosell/production/"),
                output("DashboardName", "cosell-production"));
    }

    private static Settings settings(Map<String, String> env, Stack stack, String... args) {
        CosellCommand flags = new CosellCommand();
        new CommandLine(flags).parseArgs(args);
        return Settings.resolve(flags, env, Optional.of(DeployedStack.of("eu-west-1", stack)));
    }

    @Test
    void theStacksOutputsAndParametersGiveWhatNoFlagOrVariableGives() {
        // when
        Settings settings = settings(Map.of(), complete());

        // then
        assertThat(settings.table()).isEqualTo("cosell-production-sync");
        assertThat(settings.queueUrl()).contains(URI.create(QUEUE));
        assertThat(settings.dlqUrl()).contains(URI.create(QUEUE + "-dlq"));
        assertThat(settings.webhookUrl()).contains(URI.create("https://abc123.lambda-url.eu-west-1.on.aws/"));
        assertThat(settings.secretPrefix()).contains("cosell/production/");
        assertThat(settings.dataverseApiRoot()).contains(URI.create("https://contoso.crm4.dynamics.com/api/data/v9.2/"));
        assertThat(settings.dataverseScope()).contains("https://contoso.crm4.dynamics.com/.default");
        assertThat(settings.tenant()).contains("contoso.onmicrosoft.com");
        assertThat(settings.clientId()).contains("0f1e2d3c-aaaa-bbbb-cccc-1234567890ab");
        assertThat(settings.crmPollerMode()).contains("modifiedon");
        assertThat(settings.requireRegion()).isEqualTo("eu-west-1");
        assertThat(settings.mappingJson()).isEmpty();
    }

    @Test
    void aFlagWinsOverTheVariableAndTheVariableOverTheStack() {
        // given
        Map<String, String> env = Map.of("COSELL_SYNC_TABLE", "from-variable", "COSELL_SYNC_QUEUE_URL", "https://q/variable",
                "COSELL_ENTRA_TENANT", "variable-tenant", "AWS_REGION", "us-west-2");

        // when
        Settings flagged = settings(env, complete(), "--table=from-flag", "--dlq-url=https://q/flag-dlq", "--region=ap-south-1");
        Settings variables = settings(env, complete());

        // then
        assertThat(flagged.table()).isEqualTo("from-flag");
        assertThat(flagged.dlqUrl()).contains(URI.create("https://q/flag-dlq"));
        assertThat(flagged.requireRegion()).isEqualTo("ap-south-1");
        assertThat(variables.table()).isEqualTo("from-variable");
        assertThat(variables.queueUrl()).contains(URI.create("https://q/variable"));
        assertThat(variables.dlqUrl()).contains(URI.create(QUEUE + "-dlq"));
        assertThat(variables.tenant()).contains("variable-tenant");
        assertThat(variables.requireRegion()).isEqualTo("us-west-2");
    }

    @Test
    void masksAndBlanksAreNoValues() {
        // when
        DeployedStack stack = DeployedStack.of("eu-west-1", complete());

        // then
        assertThat(stack.parameters()).doesNotContainKey("EntraClientSecret");
        assertThat(stack.parameter("MappingJson")).isEmpty();
        assertThat(stack.name()).isEqualTo("cosell-production");
    }

    @Test
    void theDeployedMappingCountsWhenNoMappingFileIsNamed() {
        // given
        Stack mapped = complete().toBuilder().parameters(Parameter.builder().parameterKey("MappingJson")
                .parameterValue("{\"opportunity\":{}}").build()).build();

        // when
        Settings deployed = settings(Map.of(), mapped);
        Settings named = settings(Map.of("COSELL_MAPPING_FILE", "/nonexistent/mapping.json"), mapped);

        // then
        assertThat(deployed.mappingJson()).contains("{\"opportunity\":{}}");
        assertThat(named.mappingJson()).isEmpty();
    }

    @Test
    void aStackWithoutTheConnectorsOutputsIsRefusedUnlessAFlagStandsIn() {
        // given
        Stack other = described(output("WebhookUrl", "https://abc123.lambda-url.eu-west-1.on.aws/"),
                output("SyncQueueUrl", QUEUE), output("SyncDeadLetterQueueUrl", QUEUE + "-dlq"));

        // then
        assertThatThrownBy(() -> settings(Map.of(), other)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the stack cosell-production (eu-west-1) has no output SyncTableName: is it a co-sell "
                        + "connector stack? (or pass --table)");
        assertThat(settings(Map.of(), other, "--table=cosell-production-sync").table()).isEqualTo("cosell-production-sync");
        assertThat(settings(Map.of(), other, "--table=t").secretPrefix()).isEmpty();
    }

    @Test
    void stackAndSandboxExcludeEachOtherButTheSandboxIgnoresTheVariable() {
        // given
        CosellCommand both = new CosellCommand();
        new CommandLine(both).parseArgs("--sandbox", "--stack=cosell-production");
        CosellCommand sandbox = new CosellCommand();
        new CommandLine(sandbox).parseArgs("--sandbox");
        CosellCommand variable = new CosellCommand();
        new CommandLine(variable).parseArgs();

        // then
        assertThatThrownBy(() -> both.stackName(Map.of())).hasMessageContaining("--stack and --sandbox exclude each other");
        assertThat(sandbox.stackName(Map.of("COSELL_STACK", "cosell-production"))).isEmpty();
        assertThat(variable.stackName(Map.of("COSELL_STACK", "cosell-production"))).contains("cosell-production");
        assertThat(variable.stackName(Map.of())).isEmpty();
    }
}
