package io.cosell.cli;

import io.cosell.shared.migration.MigrationApply;
import io.cosell.shared.migration.MigrationPlan;
import io.cosell.shared.migration.MigrationPlanner;
import io.cosell.shared.migration.PairPlan;
import io.cosell.shared.migration.Prefer;
import io.cosell.shared.queue.SqsSyncQueue;
import io.cosell.shared.sync.poll.ChangeDetection;
import io.cosell.shared.sync.poll.CrmPollSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** {@code migrate plan | apply}: taking over a CRM that Microsoft's connector kept in sync. */
@Command(name = "migrate", description = "Take over from Microsoft's connector: pair its CRM records with Partner "
        + "Center's referrals, report what differs, then baseline the links so syncing starts without a storm.",
        subcommands = {MigrateCommand.Plan.class, MigrateCommand.Apply.class})
final class MigrateCommand {

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Reads every opportunity and lead carrying a Referral Identifier and every referral in "
                    + "Partner Center, pairs them and reports: pairs whose mapped fields agree, pairs that differ "
                    + "(field by field, both values), records whose referral id Partner Center does not know, "
                    + "referrals with no CRM record, and records the mapping cannot map (with the Audit text a sync "
                    + "would give them). Changes nothing.",
                    "Needs: Dataverse, the Partner Center refresh token, the state table and the mapping (after "
                            + "schema adopt)."},
            footer = {"", "Example:", "  bin/cosell --sandbox migrate plan --json"})
    static final class Plan extends Leaf {

        @Override
        int run(Services services, Output out) {
            MigrationPlan plan = plan(services, progress(out));
            print(plan, out);
            out.document(document(plan));
            return 0;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Links each pair and stores its last-synced snapshot, so neither side's current state "
                    + "counts as a change; settles differing fields by --prefer; sets the CRM poller's and the "
                    + "reconciler's cursors to now and turns syncing on (a stack deployed with Migrating=true waits "
                    + "for this). Writes to Partner Center or the CRM only for a --prefer rule: each settled pair gets "
                    + "one sync of the preferred side through the sync queue.",
                    "Idempotent and resumable: linked pairs are skipped, so a second run does nothing and an "
                            + "interrupted run continues.",
                    "Needs: as plan, plus the sync queue (--queue-url) when --prefer is crm or partner-center."},
            footer = {"", "Examples:", "  bin/cosell --sandbox migrate apply",
                    "  bin/cosell --sandbox migrate apply --prefer partner-center"})
    static final class Apply extends Leaf {

        @Option(names = "--prefer", defaultValue = "report-only", paramLabel = "RULE",
                description = "How a differing field is settled: crm, partner-center or report-only (default: "
                        + "${DEFAULT-VALUE}: differing pairs stay unlinked and are listed).")
        String prefer;

        @Option(names = "--poller-mode", paramLabel = "MODE",
                description = "The CRM poller's change detection: change-tracking or modifiedon (default: "
                        + "$COSELL_CRM_POLLER_MODE or change-tracking).")
        String pollerMode;

        @Override
        int run(Services services, Output out) {
            Prefer rule = Prefer.valueOf(prefer.toUpperCase(Locale.ROOT).replace('-', '_'));
            Consumer<String> progress = progress(out);
            Instant readAt = Instant.now();
            MigrationPlan plan = plan(services, progress);
            String mode = Optional.ofNullable(pollerMode).or(() -> services.settings.crmPollerMode())
                    .orElse("change-tracking");
            CrmPollSettings poll = CrmPollSettings.defaults()
                    .withMode(mode.equalsIgnoreCase("modifiedon") ? ChangeDetection.MODIFIEDON
                            : ChangeDetection.CHANGE_TRACKING)
                    .forMapping(services.mapping(), List.of());
            var queue = rule == Prefer.REPORT_ONLY && plan.differing().isEmpty() ? null
                    : new SqsSyncQueue(services.sqs(), services.settings.requireQueue().toString(), services.json);
            MigrationApply.Report report = new MigrationApply(services.dataverse(), services.state(),
                    message -> {
                        if (queue == null) {
                            throw new IllegalStateException("no sync queue to settle " + message.referralId());
                        }
                        queue.send(message);
                    }, poll, overlap(services.settings.reconcilerOverlap()), Clock.systemUTC()).apply(plan, rule, readAt, progress);
            out.line("linked " + report.linked().size() + " agreeing pair(s); " + report.alreadyLinked().size()
                    + " already linked");
            report.settled().forEach(id -> out.line("  settled " + id + " (" + prefer + " preferred): one sync queued"));
            report.leftDiffering().forEach(id -> out.line("  left for you (differs): " + id));
            report.refused().forEach(reason -> out.line("  ✘ " + reason));
            out.line(report.cursorsSet() ? "cursors of the CRM poller and the reconciler set to " + report.appliedAt()
                    + "; syncing is on" : "migration was applied at " + report.appliedAt() + "; cursors left as they are");
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("linked", report.linked());
            doc.put("alreadyLinked", report.alreadyLinked());
            doc.put("settled", report.settled());
            doc.put("leftDiffering", report.leftDiffering());
            doc.put("refused", report.refused());
            doc.put("cursorsSet", report.cursorsSet());
            doc.put("appliedAt", report.appliedAt().toString());
            out.document(doc);
            return report.refused().isEmpty() ? 0 : 1;
        }
    }

    /** The reconciler's overlap as the stack configures it ({@code COSELL_RECONCILER_OVERLAP}, default 5 minutes). */
    private static Duration overlap(Optional<String> configured) {
        if (configured.isEmpty()) {
            return Duration.ofMinutes(5);
        }
        String value = configured.get();
        String iso = value.startsWith("P") ? value : "PT" + value.toUpperCase(Locale.ROOT);
        return Duration.parse(iso.replace("PT1D", "P1D"));
    }

    private static Consumer<String> progress(Output out) {
        return line -> {
            if (out.json()) {
                System.err.println(line);
            } else {
                out.progress(line);
            }
        };
    }

    static MigrationPlan plan(Services services, Consumer<String> progress) {
        return new MigrationPlanner(services.dataverse(), services.referrals(), services.state(), services.mapping(),
                services.json, Clock.systemUTC()).plan(progress);
    }

    static void print(MigrationPlan plan, Output out) {
        out.line("agree (" + plan.agreeing().size() + ")");
        plan.agreeing().forEach(pair -> out.line("  ✔ " + pair.referralId() + "  " + record(pair) + "  " + pair.name()));
        out.line("differ (" + plan.differing().size() + ")");
        for (PairPlan pair : plan.differing()) {
            out.line("  ≠ " + pair.referralId() + "  " + record(pair) + "  " + pair.name());
            pair.differences().forEach(d -> out.line(String.format("      %-28s CRM: %s | Partner Center: %s", d.label(),
                    shown(d.crmValue()), shown(d.partnerCenterValue()))));
        }
        out.line("referral id unknown to Partner Center (" + plan.unknownReferralIds().size() + ")");
        plan.unknownReferralIds().forEach(u -> out.line("  ? " + u.referralId() + "  " + u.record().entitySet() + "("
                + u.record().id() + ")  " + u.name()));
        out.line("referrals with no CRM record (" + plan.referralsWithoutRecord().size() + ")");
        plan.referralsWithoutRecord().forEach(o -> out.line("  - " + o.referralId() + "  " + o.status() + "  " + o.name()));
        out.line("cannot be mapped (" + plan.unmappable().size() + ")");
        plan.unmappable().forEach(u -> out.line("  ✘ " + u.referralId() + "  " + u.record().entitySet() + "("
                + u.record().id() + ")  Audit: " + u.auditText()));
    }

    static Map<String, Object> document(MigrationPlan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("agreeing", plan.agreeing().stream().map(MigrateCommand::pair).toList());
        doc.put("differing", plan.differing().stream().map(MigrateCommand::pair).toList());
        doc.put("unknownReferralIds", plan.unknownReferralIds());
        doc.put("referralsWithoutRecord", plan.referralsWithoutRecord());
        doc.put("unmappable", plan.unmappable());
        return doc;
    }

    private static Map<String, Object> pair(PairPlan pair) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("referralId", pair.referralId());
        doc.put("record", pair.record());
        doc.put("name", pair.name());
        doc.put("differences", pair.differences());
        return doc;
    }

    private static String record(PairPlan pair) {
        return pair.record().entitySet() + "(" + pair.record().id() + ")";
    }

    private static String shown(String value) {
        return value == null ? "(none)" : value;
    }
}
