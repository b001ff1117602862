package io.cosell.sandbox;

import io.cosell.sandbox.lambda.FunctionConfig;

import java.nio.file.Path;

/**
 * The connector's functions as the sandbox and the benchmarks run them: the name, the function.zip Maven copies into
 * the functions folder, and the handler the runtime client loads (the one place to change it).
 */
public enum SandboxFunction {

    WEBHOOK_RECEIVER("webhook-receiver", "cosell-webhook-receiver", FunctionConfig.QUARKUS_HANDLER),
    MAPPER("mapper", "cosell-mapper", FunctionConfig.QUARKUS_HANDLER),
    CRM_POLLER("crm-poller", "cosell-crm-poller", FunctionConfig.QUARKUS_HANDLER),
    REGISTRATION("registration", "cosell-registration", FunctionConfig.QUARKUS_HANDLER);

    private final String functionName;
    private final String artifactId;
    private final String handler;

    SandboxFunction(String functionName, String artifactId, String handler) {
        this.functionName = functionName;
        this.artifactId = artifactId;
        this.handler = handler;
    }

    public String functionName() {
        return functionName;
    }

    /** The function with Lambda's defaults as this project deploys them, from the zip in {@code functionsDir}. */
    public FunctionConfig config(Path functionsDir) {
        return FunctionConfig.quarkus(functionName, functionsDir.resolve(artifactId + "-function.zip"))
                .withHandler(handler);
    }
}
