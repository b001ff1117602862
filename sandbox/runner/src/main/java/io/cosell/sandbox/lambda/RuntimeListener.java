package io.cosell.sandbox.lambda;

/** What a {@link LambdaRuntimeApi} tells its execution environment about the runtime it serves. */
interface RuntimeListener {

    /** The runtime asked for its first invocation: initialisation is over. */
    void initialised();

    /** The runtime took this invocation and is working on it. */
    void took(PendingInvocation invocation);

    /** The runtime reported that initialisation failed; it exits next. */
    void initFailed(FunctionError error);
}
