package io.cosell.cli;

import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a CloudFormation stack of {@code template.yaml} tells the command line ({@code --stack}): its outputs and the
 * parameters it was deployed with. Values of {@code NoEcho} parameters, which DescribeStacks masks, are left out.
 */
record DeployedStack(String name, String region, Map<String, String> outputs, Map<String, String> parameters) {

    static final String WEBHOOK_URL = "WebhookUrl";
    static final String SYNC_TABLE = "SyncTableName";
    static final String SYNC_QUEUE = "SyncQueueUrl";
    static final String SYNC_DLQ = "SyncDeadLetterQueueUrl";
    static final String SECRETS_PREFIX = "SecretsPrefix";
    static final String DATAVERSE_API_ROOT = "DataverseApiRoot";
    static final String ENTRA_TENANT = "EntraTenant";
    static final String ENTRA_CLIENT_ID = "EntraClientId";
    static final String MAPPING_JSON = "MappingJson";
    static final String CRM_POLLER_MODE = "CrmPollerMode";

    DeployedStack {
        outputs = Map.copyOf(outputs);
        parameters = Map.copyOf(parameters);
    }

    static DeployedStack of(String region, Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            if (output.outputKey() != null && output.outputValue() != null) {
                outputs.put(output.outputKey(), output.outputValue());
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Parameter parameter : stack.parameters()) {
            String value = parameter.parameterValue();
            if (parameter.parameterKey() != null && value != null && !isMasked(value)) {
                parameters.put(parameter.parameterKey(), value);
            }
        }
        return new DeployedStack(stack.stackName(), region, outputs, parameters);
    }

    /** An output every stack of template.yaml has: its absence means the name points at another stack. */
    String requiredOutput(String key, String instead) {
        String value = outputs.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the stack " + name + " (" + region + ") has no output " + key
                    + ": is it a co-sell connector stack? (or pass " + instead + ")");
        }
        return value;
    }

    Optional<String> output(String key) {
        return Optional.ofNullable(outputs.get(key)).filter(v -> !v.isBlank());
    }

    /** A parameter's value as deployed; empty when blank or masked. */
    Optional<String> parameter(String key) {
        return Optional.ofNullable(parameters.get(key)).filter(v -> !v.isBlank());
    }

    private static boolean isMasked(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c == '*');
    }
}
