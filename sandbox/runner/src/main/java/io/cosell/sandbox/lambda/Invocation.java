package io.cosell.sandbox.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The outcome of one invocation: the response payload, or the function error; and how long it took. */
public record Invocation(String requestId, byte[] payload, FunctionError error, Duration duration) {

    static Invocation success(String requestId, byte[] payload, Duration duration) {
        return new Invocation(requestId, payload.clone(), null, duration);
    }

    static Invocation failure(String requestId, FunctionError error, Duration duration) {
        return new Invocation(requestId, new byte[0], error, duration);
    }

    public boolean succeeded() {
        return error == null;
    }

    public Optional<FunctionError> functionError() {
        return Optional.ofNullable(error);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public String payloadUtf8() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
