package io.cosell.sandbox.bench;

import java.time.Duration;
import java.util.List;

/** Percentiles of measured latencies, as the benchmarks print them. */
final class Latencies {

    private Latencies() {
    }

    /** "p50 N ms, p99 N ms, max N ms" (nearest-rank percentiles). */
    static String summary(List<Duration> latencies) {
        List<Long> millis = latencies.stream().map(Duration::toMillis).sorted().toList();
        return "p50 %d ms, p99 %d ms, max %d ms".formatted(percentile(millis, 50), percentile(millis, 99), millis.getLast());
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
