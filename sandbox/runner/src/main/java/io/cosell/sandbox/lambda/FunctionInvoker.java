package io.cosell.sandbox.lambda;

import java.util.concurrent.CompletableFuture;

/** Invokes a function synchronously (RequestResponse) with a JSON payload; what triggers depend on. */
@FunctionalInterface
public interface FunctionInvoker {

    /** Completes with the function's answer or its error; never completes exceptionally for a function error. */
    CompletableFuture<Invocation> invoke(byte[] payload);
}
