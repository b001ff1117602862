package io.cosell.sandbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The tables {@link ColdStartBenchmark} prints (Markdown, to paste into the README) and its target checks. */
final class ColdStartReport {

    static final double COLD_START_TARGET = 1.3;
    static final double PRIMING_TARGET = 2.0;

    /** One boot of one function: a fresh worker JVM, its first invocation, then the warm ones. */
    record Boot(String label, boolean priming, Duration init, Duration first, List<Duration> warm, long peakRssKib,
                long zipBytes, Optional<String> primingLog) {

        Duration firstResponse() {
            return init.plus(first);
        }

        Duration warmP50() {
            return Latencies.percentile(warm, 50);
        }

        Duration warmP99() {
            return Latencies.percentile(warm, 99);
        }
    }

    private ColdStartReport() {
    }

    static void print(PrintStream out, int run, int runs, String loadBefore, String loadAfter, int warmUp, Boot bare,
                      List<Boot> primed, List<Boot> unprimed) {
        StringBuilder text = new StringBuilder();
        text.append(("%n[cold start] run %d of %d; load average before %s, after %s; %d cores; warm = %d invocations"
                + " after %d unmeasured ones; connector functions with priming on (the default)%n").formatted(run, runs,
                loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(), bare.warm().size(), warmUp));
        text.append("| function | first response after JVM start | init | first invoke | warm p50 | warm p99 | peak RSS | zip |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        text.append(row(bare, null));
        primed.forEach(boot -> text.append(row(boot, bare)));
        primed.forEach(boot -> text.append("%s cold start <= %.1fx bare: %s (%.2fx)%n".formatted(boot.label(),
                COLD_START_TARGET, pass(ratio(boot.firstResponse(), bare.firstResponse()) <= COLD_START_TARGET),
                ratio(boot.firstResponse(), bare.firstResponse()))));

        text.append("%nFirst realistic invocation after init (init excluded) vs warm p50 of the same boot, priming on and off:%n"
                .formatted());
        text.append("| function | priming | init | first invoke | warm p50 | first ÷ warm p50 | first response after JVM start | priming log |\n");
        text.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (int i = 0; i < primed.size(); i++) {
            text.append(primingRow(primed.get(i))).append(primingRow(unprimed.get(i)));
        }
        primed.forEach(boot -> text.append("%s first invocation with priming <= %.0fx warm p50: %s (%.1fx)%n".formatted(
                boot.label(), PRIMING_TARGET, pass(ratio(boot.first(), boot.warmP50()) <= PRIMING_TARGET),
                ratio(boot.first(), boot.warmP50()))));
        out.print(text);
        out.flush();
    }

    private static String row(Boot boot, Boot bare) {
        return "| %s | %s | %s | %s | %s | %s | %s | %s |%n".formatted(boot.label(),
                millis(boot.firstResponse(), bare == null ? null : bare.firstResponse()),
                millis(boot.init(), bare == null ? null : bare.init()),
                millis(boot.first(), bare == null ? null : bare.first()),
                millis(boot.warmP50(), bare == null ? null : bare.warmP50()),
                millis(boot.warmP99(), bare == null ? null : bare.warmP99()),
                mib(boot.peakRssKib() * 1024, bare == null ? -1 : bare.peakRssKib() * 1024),
                mib(boot.zipBytes(), bare == null ? -1 : bare.zipBytes()));
    }

    private static String primingRow(Boot boot) {
        return "| %s | %s | %s | %s | %s | %.1fx | %s | %s |%n".formatted(boot.label(), boot.priming() ? "on" : "off",
                millis(boot.init(), null), millis(boot.first(), null), millis(boot.warmP50(), null),
                ratio(boot.first(), boot.warmP50()), millis(boot.firstResponse(), null), boot.primingLog().orElse("-"));
    }

    private static String millis(Duration value, Duration floor) {
        double ms = value.toNanos() / 1e6;
        String text = ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
        return floor == null ? text : text + String.format(Locale.ROOT, " (%.2fx)", ratio(value, floor));
    }

    private static String mib(long bytes, long floor) {
        if (bytes < 0) {
            return "n/a";
        }
        String text = String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
        return floor <= 0 ? text : text + String.format(Locale.ROOT, " (%.2fx)", (double) bytes / floor);
    }

    private static double ratio(Duration value, Duration floor) {
        return (double) value.toNanos() / Math.max(1, floor.toNanos());
    }

    private static String pass(boolean passed) {
        return passed ? "PASS" : "FAIL";
    }

    /** The 1, 5 and 15 minute load averages, to judge how noisy a run was. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "n/a";
        }
    }
}
