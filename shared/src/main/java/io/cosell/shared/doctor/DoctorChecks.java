package io.cosell.shared.doctor;

import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.schema.MetadataClient;
import io.cosell.shared.schema.SchemaInstaller;
import io.cosell.shared.schema.SchemaReport;
import io.cosell.shared.schema.SchemaStep;
import io.cosell.shared.usecase.DoctorReport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The checks the doctor runs, in order. */
public final class DoctorChecks {

    /** The keep-alive redeems (and so replaces) the token at least weekly; a day of slack for a late run. */
    static final Duration REFRESH_TOKEN_MAX_AGE = Duration.ofDays(8);

    private DoctorChecks() {
    }

    /** Every check; the poller's and reconciler's last runs are judged as of {@code clock}'s now. */
    public static List<DoctorCheck> all(Clock clock) {
        List<DoctorCheck> all = new ArrayList<>(connection(clock));
        all.addAll(DeploymentChecks.all(clock));
        return List.copyOf(all);
    }

    /** Tokens, schema, mapping, table and queues. */
    private static List<DoctorCheck> connection(Clock clock) {
        return List.of(
                DoctorCheck.of("Dataverse token", "check the tenant, the client id and the client secret (an Entra app "
                        + "secret expires; create a new one and store it in the secret entra-client-secret)", parts -> {
                    parts.dataverseTokens().accessToken();
                    return DoctorReport.Check.ok("Dataverse token", "obtained for " + parts.dataverseScope());
                }),
                DoctorCheck.of("Partner Center token", "the refresh token is missing, expired or revoked: run "
                        + "bin/cosell consent (the Referrals admin user signs in again with MFA; it stores the new "
                        + "refresh token where the functions read it)", parts -> partnerCenterToken(parts, clock)),
                DoctorCheck.of("schema", "run bin/cosell schema install (or schema adopt when Microsoft's connector "
                        + "created the columns)", DoctorChecks::schema),
                DoctorCheck.of("mapping", "correct the mapping file (--mapping) so every column it names exists in the "
                        + "CRM", DoctorChecks::mapping),
                DoctorCheck.of("state table", "deploy the stack (it creates the table) or point --table at it; the "
                        + "caller needs dynamodb:DescribeTable", parts -> {
                    String status = parts.tableStatus();
                    return "ACTIVE".equals(status) ? DoctorReport.Check.ok("state table", parts.table() + " is ACTIVE")
                            : DoctorReport.Check.failed("state table", parts.table() + " is " + status,
                            "wait until the table is ACTIVE");
                }),
                DoctorCheck.of("sync queue", "deploy the stack (it creates the queue) or point --queue-url at it; the "
                        + "caller needs sqs:GetQueueAttributes", parts -> {
                    QueueDepth depth = parts.syncQueueDepth();
                    return DoctorReport.Check.ok("sync queue", depth.waiting() + " waiting, " + depth.inFlight()
                            + " in flight");
                }),
                DoctorCheck.of("dead-letter queue", "point --dlq-url at the sync queue's dead-letter queue", parts -> {
                    QueueDepth depth = parts.deadLetterQueueDepth();
                    return depth.total() == 0 ? DoctorReport.Check.ok("dead-letter queue", "empty")
                            : DoctorReport.Check.failed("dead-letter queue", depth.total()
                            + " message(s) failed repeatedly", "see bin/cosell status for the failures and their "
                            + "reasons, fix the cause, then move the messages back to the sync queue: bin/cosell "
                            + "replay-dlq");
                }),
                DoctorCheck.of("migration", "point --table at the stack's state table", DoctorChecks::migration));
    }

    /**
     * The stored refresh token must redeem, and must have been replaced recently: every redemption stores the rotated
     * token, so an old one means the keep-alive (daily by default, at least weekly) has stopped, and Entra ID expires
     * a refresh token that goes unused for 90 days.
     */
    private static DoctorReport.Check partnerCenterToken(ConnectorParts parts, Clock clock) {
        String name = "Partner Center token";
        parts.partnerCenterTokens().accessToken();
        Optional<Instant> storedAt = parts.refreshTokenStoredAt();
        if (storedAt.isEmpty()) {
            return DoctorReport.Check.ok(name, "obtained with the stored refresh token (its store keeps no date)");
        }
        Duration age = Duration.between(storedAt.get(), clock.instant());
        String stored = "the refresh token was stored " + DeploymentChecks.human(age) + " ago (at " + storedAt.get()
                + ")";
        if (age.compareTo(REFRESH_TOKEN_MAX_AGE) > 0) {
            return DoctorReport.Check.failed(name, stored + ": no redemption has replaced it for longer than a week, "
                    + "and Entra ID expires it 90 days after its last use", "check the token-keepalive function's "
                    + "schedule (KeepAliveSchedule, at least weekly) and its log; if the token has expired, run "
                    + "bin/cosell consent");
        }
        return DoctorReport.Check.ok(name, "obtained with the stored refresh token; " + stored);
    }

    private static DoctorReport.Check schema(ConnectorParts parts) {
        SchemaReport report = SchemaInstaller.of(parts.metadata()).check(parts.wantedSchema());
        if (!report.hasProblems()) {
            return DoctorReport.Check.ok("schema", report.steps().size() + " columns, tables, keys and "
                    + "change-tracking settings in place");
        }
        return DoctorReport.Check.failed("schema", report.problems().stream()
                        .map(p -> p.component() + " " + p.outcome().name().toLowerCase(Locale.ROOT)
                                + (p.detail().isEmpty() ? "" : " (" + p.detail() + ")"))
                        .collect(Collectors.joining("; ")),
                "run bin/cosell schema install (it creates what is missing and leaves the rest alone)"
                        + (report.problems().stream().anyMatch(p -> p.outcome() == SchemaStep.Outcome.INCOMPATIBLE)
                        ? "; an incompatible column must be renamed in the mapping or replaced by hand" : ""));
    }

    /** The standard columns the mapping names must exist (the connector's own are the schema check's). */
    private static DoctorReport.Check mapping(ConnectorParts parts) {
        MappingConfig mapping = parts.mapping();
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        wanted.put("opportunity", new ArrayList<>(List.of(mapping.dealValueColumn(), mapping.closeDateColumn(),
                mapping.currencyLookup())));
        wanted.put("lead", new ArrayList<>(List.of(mapping.leadDealValueColumn(), mapping.closeDateColumn(),
                mapping.currencyLookup())));
        List<String> account = new ArrayList<>(mapping.accountMatchColumns());
        account.add(mapping.accountCountry().column());
        wanted.put("account", account);
        mapping.defaultValues().opportunity().keySet().forEach(c -> wanted.get("opportunity").add(c));
        mapping.defaultValues().lead().keySet().forEach(c -> wanted.get("lead").add(c));
        mapping.defaultValues().account().keySet().forEach(account::add);
        MetadataClient metadata = parts.metadata();
        List<String> missing = new ArrayList<>();
        wanted.forEach((table, columns) -> {
            Set<String> present = metadata.attributes(table).stream().map(MetadataClient.AttributeState::logicalName)
                    .collect(Collectors.toSet());
            columns.stream().filter(c -> !c.endsWith("@odata.bind")).distinct()
                    .filter(c -> !present.contains(c)).forEach(c -> missing.add(table + "." + c));
        });
        String source = parts.mappingSource();
        return missing.isEmpty() ? DoctorReport.Check.ok("mapping", source + " is valid and its columns exist")
                : DoctorReport.Check.failed("mapping", source + " names columns the CRM does not have: "
                + String.join(", ", missing), "correct the mapping file or create the columns");
    }

    /** Which state the migration from Microsoft's connector is in. */
    private static DoctorReport.Check migration(ConnectorParts parts) {
        return parts.migrationAppliedAt().map(at -> DoctorReport.Check.ok("migration", "applied at " + at
                        + ": the CRM poller and the reconciler sync"))
                .orElseGet(() -> DoctorReport.Check.ok("migration", "not applied: a stack deployed with "
                        + "Migrating=true only logs what its CRM poller and reconciler would do until `bin/cosell "
                        + "migrate apply` has run; one deployed with Migrating=false syncs"));
    }
}
