package io.cosell.sandbox.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time used by this JVM (the sandbox's emulators, the benchmark) and every process it started (the functions'
 * execution environments, DynamoDB Local, ElasticMQ), by part: to tell whether a latency is the connector's or a full
 * machine's.
 */
record ProcessCpu(long wallNanos, Map<Long, Duration> byProcess, Map<Long, String> parts) {


    static ProcessCpu now() {
        Map<Long, Duration> byProcess = new HashMap<>();
        Map<Long, String> parts = new HashMap<>();
        Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants()).forEach(process -> {
            process.info().totalCpuDuration().ifPresent(cpu -> byProcess.put(process.pid(), cpu));
            parts.put(process.pid(), partOf(process));
        });
        return new ProcessCpu(System.nanoTime(), byProcess, parts);
    }

    /** "CPU used: N s in W s of wall time on C cores (P % of the machine): part N s, ...". */
    String since(ProcessCpu earlier) {
        Map<String, Duration> byPart = new TreeMap<>();
        byProcess.forEach((pid, cpu) -> byPart.merge(parts.get(pid),
                cpu.minus(earlier.byProcess.getOrDefault(pid, Duration.ZERO)), Duration::plus));
        Duration used = byPart.values().stream().reduce(Duration.ZERO, Duration::plus);
        Duration wall = Duration.ofNanos(wallNanos - earlier.wallNanos);
        int cores = Runtime.getRuntime().availableProcessors();
        return "CPU used by the sandbox's processes: %.1f s in %.1f s of wall time on %d cores (%d %% of the machine): %s"
                .formatted(seconds(used), seconds(wall), cores,
                        Math.round(100.0 * used.toMillis() / (wall.toMillis() * (double) cores)),
                        byPart.entrySet().stream().filter(part -> part.getValue().toMillis() >= 50)
                                .map(part -> "%s %.1f s".formatted(part.getKey(), seconds(part.getValue())))
                                .collect(Collectors.joining(", ")));
    }

    private static String partOf(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return "emulators and benchmark";
        }
        String command = process.info().commandLine().orElse("");
        if (command.endsWith("MapperStreamHandler::handleRequest")) {
            return "mapper";
        }
        if (command.contains("AWSLambda")) {
            return "webhook receiver and the other functions";
        }
        if (command.contains("DynamoDBLocal")) {
            return "DynamoDB Local";
        }
        return command.contains("elasticmq") ? "ElasticMQ" : "other";
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
