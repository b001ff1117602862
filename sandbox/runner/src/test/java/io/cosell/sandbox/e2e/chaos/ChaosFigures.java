package io.cosell.sandbox.e2e.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** The printed outcome of a chaos run. */
public record ChaosFigures(ChaosPlan plan, boolean converged, Convergence convergence, Map<String, Integer> performed,
                           int webhookDeliveries, int syncLines, Map<String, Long> faults, long retriedMessages,
                           long webhookRetries, long sellerRetries, Duration acting, Duration toConverge,
                           long reconcilerRuns, java.util.List<String> lastLines, int queued) {

    public int duplicates() {
        return convergence.duplicates();
    }

    public int lost() {
        return convergence.lost();
    }

    public void print(PrintStream out) {
        out.printf("chaos: seed %d · %d referrals (Microsoft) · %d shared opportunities (CRM) · %d random edits%n",
                plan.seed(), plan.referrals(), plan.opportunities(), plan.edits());
        int actions = performed.values().stream().mapToInt(Integer::intValue).sum();
        out.printf("events: %d actions by the sellers, %d webhook deliveries, %d sync lines, %d reconciler runs%n",
                actions, webhookDeliveries, syncLines, reconcilerRuns);
        performed.forEach((what, count) -> out.printf("  %-48s %6d%n", what, count));
        out.println("injected faults (and 15 ms / 10 ms latency on every Partner Center / Dataverse request, every webhook reordered):");
        faults.forEach((kind, count) -> out.printf("  %-48s %6d%n", kind, count));
        out.printf("retries: %d sync attempts handed back (RETRY_LATER), %d webhook redeliveries, "
                + "every injected 429/500 retried by the API clients; the sellers' own retries %d%n",
                retriedMessages, webhookRetries, sellerRetries);
        out.printf("acting: %d s · time to converge after the faults stopped: %d s (%s)%n", acting.toSeconds(),
                toConverge.toSeconds(), converged ? "converged" : "NOT converged");
        out.printf("duplicates: %d · lost: %d · field mismatches: %d · orphan accounts/contacts: %d · dead letters: %d · "
                        + "unreadable Audit lines: %d%n", convergence.duplicates(), convergence.lost(),
                convergence.mismatches().size(), convergence.orphans(), convergence.deadLetters(),
                convergence.unreadableAudit().size());
        convergence.mismatches().stream().limit(20).forEach(line -> out.println("  mismatch: " + line));
        convergence.unreadableAudit().stream().limit(20).forEach(line -> out.println("  unreadable: " + line));
        if (!converged) {
            out.println("sync queue now: " + queued + " message(s); the last sync and reconciler lines:");
            lastLines.forEach(line -> out.println("  " + line));
        }
    }
}
