package io.cosell.sandbox;

import io.cosell.sandbox.lambda.FunctionConfig;
import io.cosell.sandbox.lambda.LocalFunction;

import java.nio.file.Path;
import java.util.Map;

/**
 * The connector's functions as the sandbox and the benchmarks run them: the name, the function.zip Maven copies into
 * the functions folder; each is a Funqy function ({@link FunctionConfig#funqy}), started with Funqy's handler or, for
 * the mapper, its subclass.
 */
public enum SandboxFunction {

    WEBHOOK_RECEIVER("webhook-receiver", "cosell-webhook-receiver", FunctionConfig.FUNQY_HANDLER),
    /** Funqy's handler but for a batch without records, which Funqy cannot answer. */
    MAPPER("mapper", "cosell-mapper", "io.cosell.functions.mapper.MapperStreamHandler::handleRequest"),
    CRM_POLLER("crm-poller", "cosell-crm-poller", FunctionConfig.FUNQY_HANDLER),
    REGISTRATION("registration", "cosell-registration", FunctionConfig.FUNQY_HANDLER),
    RECONCILER("reconciler", "cosell-reconciler", FunctionConfig.FUNQY_HANDLER),
    ADMIN("admin", "cosell-admin", FunctionConfig.FUNQY_HANDLER),
    TOKEN_KEEPALIVE("token-keepalive", "cosell-token-keepalive", FunctionConfig.FUNQY_HANDLER);

    private final String functionName;
    private final String artifactId;
    private final String handler;

    SandboxFunction(String functionName, String artifactId, String handler) {
        this.functionName = functionName;
        this.artifactId = artifactId;
        this.handler = handler;
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
        return FunctionConfig.funqy(functionName, functionsDir.resolve(artifactId + "-function.zip"))
                .withHandler(handler);
    }
}
