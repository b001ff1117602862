package io.cosell.cli;

import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.state.SyncStateTable;
import io.cosell.shared.usecase.RegistrationReport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    static List<DoctorCheck> all() {
        return List.of(
                DoctorChecks.check("webhook registration", "run bin/cosell register (it registers this deployment's "
                        + "URL for the four referral events and checks it with Partner Center's validation event)",
                        DeploymentChecks::registration),
                DoctorChecks.check("last poller run", "look at the crm-poller function's log (CloudWatch Logs "
                        + "/aws/lambda/<stack>-crm-poller) and its schedule", s -> lastRun(s, "last poller run",
                        POLLER_LEASE, POLLER_CURSORS, Optional.of(POLLER_MAX_AGE))),
                DoctorChecks.check("last reconciler run", "look at the reconciler function's log (CloudWatch Logs "
                        + "/aws/lambda/<stack>-reconciler) and its schedule", s -> lastRun(s, "last reconciler run",
                        RECONCILER_LEASE, List.of(RECONCILER_CURSOR), Optional.empty())));
    }

    private static DoctorCheck.Result registration(Services services) {
        String name = "webhook registration";
        java.net.URI expected = services.settings.requireWebhookUrl();
        RegistrationReport current = services.registrar().show();
        if (!current.registered()) {
            return DoctorCheck.Result.failed(name, "no webhook is registered with Partner Center",
                    "run bin/cosell register");
        }
        List<String> missing = new ArrayList<>(ReferralEvents.ALL_REFERRAL_EVENTS);
        missing.removeAll(current.webhookEvents());
        if (!same(expected, current.webhookUrl())) {
            return DoctorCheck.Result.failed(name, "Partner Center sends the referral events to " + current.webhookUrl()
                    + ", not to this deployment's " + expected, "run bin/cosell register to point it here (it "
                    + "replaces the other registration, e.g. Microsoft's Power Automate flow)");
        }
        if (!missing.isEmpty()) {
            return DoctorCheck.Result.failed(name, "not registered for " + String.join(", ", missing),
                    "run bin/cosell register (it registers all four referral events)");
        }
        return DoctorCheck.Result.ok(name, expected + " for all four referral events");
    }

    private static boolean same(java.net.URI a, java.net.URI b) {
        return b != null && strip(a.toString()).equalsIgnoreCase(strip(b.toString()));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static DoctorCheck.Result lastRun(Services services, String name, String lease, List<String> cursors,
                                              Optional<Duration> maxAge) {
        Instant now = Instant.now();
        Optional<Map<String, AttributeValue>> held = item(services, "LEASE#" + lease, "LEASE");
        Optional<Instant> leaseEnd = held.map(item -> Instant.ofEpochMilli(Long.parseLong(item.get("leaseUntil").n())));
        if (leaseEnd.filter(end -> end.isBefore(now.minus(Duration.ofMinutes(1)))).isPresent()) {
            return DoctorCheck.Result.failed(name, "a run held the lease '" + lease + "' until " + leaseEnd.get()
                    + " and never released it: it died (timeout or crash)", "see the function's log for that run; "
                    + "the next run takes the lease over once it has expired");
        }
        Optional<Instant> last = cursors.stream().map(cursor -> item(services, "CURSOR#" + cursor, "CURSOR"))
                .flatMap(Optional::stream).map(item -> item.get("updatedAt")).filter(v -> v != null && v.s() != null)
                .map(v -> Instant.parse(v.s())).max(Instant::compareTo);
        if (last.isEmpty()) {
            return DoctorCheck.Result.failed(name, "no run has finished yet (no cursor in the state table)",
                    "check that the function's schedule is enabled and look at its log");
        }
        Duration age = Duration.between(last.get(), now);
        if (maxAge.filter(max -> age.compareTo(max) > 0).isPresent()) {
            return DoctorCheck.Result.failed(name, "the last finished run was " + human(age) + " ago (at " + last.get()
                    + ")", "check that the function's schedule is enabled and look at its log for failed runs");
        }
        return DoctorCheck.Result.ok(name, "finished " + human(age) + " ago"
                + (held.isPresent() ? ", a run is under way" : ""));
    }

    private static Optional<Map<String, AttributeValue>> item(Services services, String pk, String sk) {
        Map<String, AttributeValue> found = services.dynamoDb().getItem(b -> b.tableName(services.settings.table())
                .consistentRead(true).key(Map.of(SyncStateTable.PARTITION_KEY, AttributeValue.fromS(pk),
                        SyncStateTable.SORT_KEY, AttributeValue.fromS(sk)))).item();
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    private static String human(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }
}
