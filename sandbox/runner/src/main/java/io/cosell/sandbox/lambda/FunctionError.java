package io.cosell.sandbox.lambda;

/**
 * A failed invocation in Lambda's error shape: {@code errorType} and {@code errorMessage} as the runtime (or the
 * service, for timeouts and crashes) reported them, and the raw error document.
 */
public record FunctionError(String errorType, String errorMessage, String body) {
}
