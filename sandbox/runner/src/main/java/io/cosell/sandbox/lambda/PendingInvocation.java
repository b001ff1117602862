package io.cosell.sandbox.lambda;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** An invocation between {@code invoke} and its answer: waiting in the queue, then held by one runtime. */
final class PendingInvocation {

    private final String requestId = UUID.randomUUID().toString();
    private final byte[] payload;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Invocation> result = new CompletableFuture<>();
    private final AtomicBoolean clockStarted = new AtomicBoolean();
    private volatile long deadlineEpochMs;

    PendingInvocation(byte[] payload) {
        this.payload = payload.clone();
    }

    /**
     * The timeout counts from now (an environment takes it), the runtime's deadline with it; false when the clock
     * had started already.
     */
    boolean startClock(Duration timeout) {
        if (!clockStarted.compareAndSet(false, true)) {
            return false;
        }
        deadlineEpochMs = System.currentTimeMillis() + timeout.toMillis();
        return true;
    }

    String requestId() {
        return requestId;
    }

    byte[] payload() {
        return payload;
    }

    long deadlineEpochMs() {
        return deadlineEpochMs;
    }

    CompletableFuture<Invocation> result() {
        return result;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Returns false when the invocation had already ended (e.g. timed out), so the late answer is dropped. */
    boolean succeed(byte[] response) {
        return result.complete(Invocation.success(requestId, response, elapsed()));
    }

    boolean fail(FunctionError error) {
        return result.complete(Invocation.failure(requestId, error, elapsed()));
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
