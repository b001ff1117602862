package io.cosell.sandbox;

import io.cosell.sandbox.lambda.FunctionConfig;
import io.cosell.sandbox.lambda.LocalFunction;

import java.nio.file.Path;
import java.util.Map;

/**
 * The connector's functions as the sandbox and the benchmarks run them: the name, the function.zip Maven copies into
 * the functions folder; each is a Funqy function ({@link FunctionConfig#funqy}).
 */
public enum SandboxFunction {

    WEBHOOK_RECEIVER("webhook-receiver", "cosell-webhook-receiver"),
    MAPPER("mapper", "cosell-mapper"),
    CRM_POLLER("crm-poller", "cosell-crm-poller"),
    REGISTRATION("registration", "cosell-registration"),
    TOKEN_KEEPALIVE("token-keepalive", "cosell-token-keepalive");

    private final String functionName;
    private final String artifactId;

    SandboxFunction(String functionName, String artifactId) {
        this.functionName = functionName;
        this.artifactId = artifactId;
    }

    /**
     * Starts a function and tells it its own timeout ({@code COSELL_FUNCTION_TIMEOUT}), as a deployment must: Funqy
     * does not pass Lambda's context, so this is how a function knows its invocation's deadline.
     */
    public static LocalFunction start(FunctionConfig config) {
        return LocalFunction.start(config.withEnvironment(Map.of("COSELL_FUNCTION_TIMEOUT", config.timeout().toString())));
    }

    public String functionName() {
        return functionName;
    }

    /** The function with Lambda's defaults as this project deploys them, from the zip in {@code functionsDir}. */
    public FunctionConfig config(Path functionsDir) {
        return FunctionConfig.funqy(functionName, functionsDir.resolve(artifactId + "-function.zip"));
    }
}
