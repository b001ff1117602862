package io.cosell.sandbox.e2e.chaos;

import io.cosell.emulator.http.FaultInjector;
import io.cosell.sandbox.Sandbox;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills the mapper between its CRM write and its state write: the Dataverse emulator applies the watched request and
 * then holds its answer (a lost-answer rule with {@code holdMs}); once that rule is used up, the write is applied and
 * the mapper waits for the answer, and this kills every mapper execution environment's JVM (SIGKILL, as a crash or a
 * Lambda timeout would). The sandbox starts fresh environments; the message comes back after its visibility timeout.
 */
final class MapperKiller {

    private final Thread watcher;
    private final AtomicInteger kills = new AtomicInteger();
    private volatile boolean stopped;

    private MapperKiller(Sandbox sandbox, String method, String path) {
        FaultInjector faults = sandbox.dataverse().server().faults();
        watcher = Thread.ofPlatform().daemon().name("chaos-mapper-killer").start(() -> {
            while (!stopped) {
                if (faults.lostAnswerRules().stream().noneMatch(rule -> rule.method().equals(method) && rule.path().equals(path))) {
                    sandbox.mapper().workerPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(process -> {
                        if (process.destroyForcibly()) {
                            kills.incrementAndGet();
                        }
                    }));
                    return;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static MapperKiller watch(Sandbox sandbox, String method, String path) {
        return new MapperKiller(sandbox, method, path);
    }

    void stop() {
        stopped = true;
        try {
            watcher.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int kills() {
        return kills.get();
    }
}
