package io.cosell.cli;

import io.cosell.shared.doctor.QueueDepth;
import io.cosell.shared.state.DynamoDbSyncStateStore;
import io.cosell.shared.state.ReferralLink;
import io.cosell.shared.state.SyncLogEntry;
import io.cosell.shared.state.SyncOutcome;
import io.cosell.shared.state.SyncSnapshot;
import io.cosell.shared.state.SyncStateReader;
import io.cosell.shared.vocabulary.CrmRecordRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code status [REFERRAL_ID|OPPORTUNITY_ID]}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"With an id: the link between the referral and its CRM record, how old the last-synced snapshot "
                + "is, and the record's sync log, newest first.",
                "Without: recent syncs by outcome, the failures with their reasons, and the sync and dead-letter queue "
                        + "depths.",
                "Needs: read access to the state table and the queues (AWS credentials, or the sandbox)."},
        footer = {"", "Examples:", "  bin/cosell --sandbox status", "  bin/cosell --sandbox status 2d4f8a10-...   # a referral or opportunity id"})
final class StatusCommand extends Leaf {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Parameters(arity = "0..1", paramLabel = "ID", description = "A Partner Center referral id or a CRM opportunity/lead id.")
    String id;

    @Option(names = "--since", defaultValue = "PT24H", description = "How far back 'status' alone looks, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--limit", defaultValue = "20", description = "Log lines to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Services services, Output out) {
        return id == null ? overview(services, out) : record(services, out);
    }

    private int record(Services services, Output out) {
        DynamoDbSyncStateStore state = services.state();
        Optional<ReferralLink> link = state.linkByReferral(id);
        if (link.isEmpty() && GUID.matcher(id).matches()) {
            link = state.linkByCrmRecord(new CrmRecordRef("opportunities", id))
                    .or(() -> state.linkByCrmRecord(new CrmRecordRef("leads", id)));
        }
        String referralId = link.map(ReferralLink::referralId).orElse(id);
        List<SyncLogEntry> log = state.recentLog(referralId, limit);
        if (link.isEmpty() && log.isEmpty()) {
            throw new IllegalStateException("nothing known about " + id + ": no link and no sync log (is it a referral or "
                    + "CRM id the connector has synced?)");
        }
        Optional<SyncSnapshot> snapshot = state.snapshot(referralId);
        Optional<Instant> savedAt = new SyncStateReader(services.dynamoDb(), services.settings.table()).snapshotSavedAt(referralId);
        Instant now = Instant.now();
        out.line("referral " + referralId);
        out.line(link.map(l -> "  linked to " + l.crmRecord().entitySet() + "(" + l.crmRecord().id() + ") since " + l.linkedAt())
                .orElse("  not linked to a CRM record"));
        out.line(savedAt.map(at -> "  last-synced snapshots (Partner Center and CRM) saved " + age(now, at) + " ago")
                .orElse("  no snapshot yet"));
        snapshot.map(SyncSnapshot::partnerCenterUpdatedAt).filter(java.util.Objects::nonNull)
                .ifPresent(at -> out.line("  Partner Center's version of " + at + " (" + age(now, at) + " ago)"));
        out.line("  sync log, newest first:");
        log.forEach(entry -> out.line("    " + logLine(entry)));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("referralId", referralId);
        doc.put("link", link.orElse(null));
        doc.put("snapshotSavedAt", savedAt.orElse(null));
        doc.put("partnerCenterUpdatedAt", snapshot.map(SyncSnapshot::partnerCenterUpdatedAt).orElse(null));
        doc.put("log", log);
        out.document(doc);
        return 0;
    }

    private int overview(Services services, Output out) {
        Instant from = Instant.now().minus(since);
        List<SyncLogEntry> recent = new SyncStateReader(services.dynamoDb(), services.settings.table())
                .logSince(from, Integer.MAX_VALUE);
        Map<SyncOutcome, Long> byOutcome = new EnumMap<>(SyncOutcome.class);
        recent.forEach(e -> byOutcome.merge(e.outcome(), 1L, Long::sum));
        List<SyncLogEntry> failures = recent.stream().filter(e -> e.outcome() == SyncOutcome.FAILED).limit(limit).toList();
        QueueDepth queue = QueueDepth.of(services.sqs(), services.settings.requireQueue());
        QueueDepth dlq = QueueDepth.of(services.sqs(), services.settings.requireDlq());
        out.line("syncs since " + from + ": " + (byOutcome.isEmpty() ? "none"
                : byOutcome.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                .reduce((a, b) -> a + ", " + b).orElse("")));
        if (!failures.isEmpty()) {
            out.line("failures, newest first:");
            failures.forEach(f -> out.line("  " + f.referralId() + "  " + logLine(f)));
        }
        out.line("sync queue: " + queue.waiting() + " waiting, " + queue.inFlight() + " in flight");
        out.line("dead-letter queue: " + dlq.total() + " message(s)" + (dlq.total() > 0 ? " (see bin/cosell doctor)" : ""));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("since", from);
        doc.put("outcomes", byOutcome);
        doc.put("failures", failures);
        doc.put("queue", queue);
        doc.put("deadLetterQueue", dlq);
        out.document(doc);
        return 0;
    }

    private static String logLine(SyncLogEntry e) {
        return e.at() + "  " + e.direction() + "  " + e.outcome()
                + (e.changedFields().isEmpty() ? "" : "  " + e.changedFields())
                + (e.message() == null ? "" : "  " + e.message());
    }

    private static String age(Instant now, Instant then) {
        Duration d = Duration.between(then, now);
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        return d.toHours() < 1 ? d.toMinutes() + " min" : d.toHours() < 48 ? d.toHours() + " h" : d.toDays() + " days";
    }
}
