package io.cosell.sandbox.bench;

import java.time.Duration;
import java.util.List;

/** Percentiles of measured latencies, as the benchmarks print them. */
final class Latencies {

    private Latencies() {
    }

    /** "p50 N ms, p99 N ms, max N ms" (nearest-rank percentiles). */
    static String summary(List<Duration> latencies) {
        return "p50 %d ms, p99 %d ms, max %d ms".formatted(percentile(latencies, 50).toMillis(),
                percentile(latencies, 99).toMillis(), percentile(latencies, 100).toMillis());
    }

    /** The nearest-rank percentile {@code p} of the latencies. */
    static Duration percentile(List<Duration> latencies, int p) {
        List<Duration> sorted = latencies.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
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
