package io.cosell.shared.doctor;

import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.usecase.DoctorReport;
import io.cosell.shared.usecase.RegistrationReport;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The doctor's checks of what runs: the webhook registration points at this deployment, and the scheduled poller and
 * reconciler finished a run lately. A run that finishes advances its cursor in the state table (the poller every
 * run, stamping {@code updatedAt}; the reconciler when it read something newer) and releases its lease; a lease held
 * past its end means a run died.
 */
final class DeploymentChecks {

    /** The poller runs every minute in the stack; three missed runs and more is worth a look. */
    static final Duration POLLER_MAX_AGE = Duration.ofMinutes(5);
    static final String POLLER_LEASE = "crm-poller";
    static final List<String> POLLER_CURSORS = List.of("crm-poller#opportunities", "crm-poller#opportunities#modifiedon");
    static final String RECONCILER_LEASE = "reconciler";
    static final String RECONCILER_CURSOR = "reconciler#referrals";

    private DeploymentChecks() {
    }

    static List<DoctorCheck> all(Clock clock) {
        return List.of(
                DoctorCheck.of("webhook registration", "run bin/cosell register (it registers this deployment's "
                        + "URL for the four referral events and checks it with Partner Center's validation event)",
                        DeploymentChecks::registration),
                DoctorCheck.of("last poller run", "look at the crm-poller function's log (CloudWatch Logs "
                        + "/aws/lambda/<stack>-crm-poller) and its schedule", parts -> lastRun(parts, "last poller run",
                        POLLER_LEASE, POLLER_CURSORS, Optional.of(POLLER_MAX_AGE), clock.instant())),
                DoctorCheck.of("last reconciler run", "look at the reconciler function's log (CloudWatch Logs "
                        + "/aws/lambda/<stack>-reconciler) and its schedule", parts -> lastRun(parts,
                        "last reconciler run", RECONCILER_LEASE, List.of(RECONCILER_CURSOR), Optional.empty(),
                        clock.instant())));
    }

    private static DoctorReport.Check registration(ConnectorParts parts) {
        String name = "webhook registration";
        URI expected = parts.expectedWebhookUrl();
        RegistrationReport current = parts.webhookRegistration();
        if (!current.registered()) {
            return DoctorReport.Check.failed(name, "no webhook is registered with Partner Center",
                    "run bin/cosell register");
        }
        List<String> missing = new ArrayList<>(ReferralEvents.ALL_REFERRAL_EVENTS);
        missing.removeAll(current.webhookEvents());
        if (!same(expected, current.webhookUrl())) {
            return DoctorReport.Check.failed(name, "Partner Center sends the referral events to "
                    + current.webhookUrl() + ", not to this deployment's " + expected, "run bin/cosell register to "
                    + "point it here (it replaces the other registration, e.g. Microsoft's Power Automate flow)");
        }
        if (!missing.isEmpty()) {
            return DoctorReport.Check.failed(name, "not registered for " + String.join(", ", missing),
                    "run bin/cosell register (it registers all four referral events)");
        }
        return DoctorReport.Check.ok(name, expected + " for all four referral events");
    }

    private static boolean same(URI a, URI b) {
        return b != null && strip(a.toString()).equalsIgnoreCase(strip(b.toString()));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static DoctorReport.Check lastRun(ConnectorParts parts, String name, String lease, List<String> cursors,
                                      Optional<Duration> maxAge, Instant now) {
        Optional<Instant> leaseEnd = parts.leaseHeldUntil(lease);
        if (leaseEnd.filter(end -> end.isBefore(now.minus(Duration.ofMinutes(1)))).isPresent()) {
            return DoctorReport.Check.failed(name, "a run held the lease '" + lease + "' until " + leaseEnd.get()
                    + " and never released it: it died (timeout or crash)", "see the function's log for that run; "
                    + "the next run takes the lease over once it has expired");
        }
        Optional<Instant> last = cursors.stream().map(parts::cursorUpdatedAt).flatMap(Optional::stream)
                .max(Instant::compareTo);
        if (last.isEmpty()) {
            return DoctorReport.Check.failed(name, "no run has finished yet (no cursor in the state table)",
                    "check that the function's schedule is enabled and look at its log");
        }
        Duration age = Duration.between(last.get(), now);
        if (maxAge.filter(max -> age.compareTo(max) > 0).isPresent()) {
            return DoctorReport.Check.failed(name, "the last finished run was " + human(age) + " ago (at "
                    + last.get() + ")", "check that the function's schedule is enabled and look at its log for "
                    + "failed runs");
        }
        return DoctorReport.Check.ok(name, "finished " + human(age) + " ago"
                + (leaseEnd.isPresent() ? ", a run is under way" : ""));
    }

    static String human(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min"
                : seconds < 172_800 ? seconds / 3600 + " h" : seconds / 86_400 + " days";
    }
}
