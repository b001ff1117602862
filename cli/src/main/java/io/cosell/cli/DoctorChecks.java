package io.cosell.cli;

import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.schema.MetadataClient;
import io.cosell.shared.schema.SchemaInstaller;
import io.cosell.shared.schema.SchemaReport;
import io.cosell.shared.schema.SchemaStep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The checks {@code doctor} runs, in order. */
final class DoctorChecks {

    private DoctorChecks() {
    }

    static List<DoctorCheck> all() {
        List<DoctorCheck> all = new ArrayList<>(connection());
        all.addAll(DeploymentChecks.all());
        return List.copyOf(all);
    }

    /** Tokens, schema, mapping, table and queues. */
    private static List<DoctorCheck> connection() {
        return List.of(
                check("Dataverse token", "check the tenant, the client id and the client secret (an Entra app secret "
                        + "expires; create a new one and store it in the secret entra-client-secret)", s -> {
                    s.dataverseTokens().accessToken();
                    return DoctorCheck.Result.ok("Dataverse token", "obtained for " + s.settings.dataverseScope().orElse(""));
                }),
                check("Partner Center token", "the refresh token is missing, expired or revoked: run bin/cosell "
                        + "consent (the Referrals admin user signs in again with MFA; it stores the new refresh token "
                        + "where the functions read it)", s -> {
                    s.partnerCenterTokens().accessToken();
                    return DoctorCheck.Result.ok("Partner Center token", "obtained with the stored refresh token");
                }),
                check("schema", "run bin/cosell schema install (or schema adopt when Microsoft's connector created the "
                        + "columns)", DoctorChecks::schema),
                check("mapping", "correct the mapping file (--mapping) so every column it names exists in the CRM",
                        DoctorChecks::mapping),
                check("state table", "deploy the stack (it creates the table) or point --table at it; the caller needs "
                        + "dynamodb:DescribeTable", s -> {
                    String status = s.dynamoDb().describeTable(b -> b.tableName(s.settings.table())).table().tableStatusAsString();
                    return "ACTIVE".equals(status) ? DoctorCheck.Result.ok("state table", s.settings.table() + " is ACTIVE")
                            : DoctorCheck.Result.failed("state table", s.settings.table() + " is " + status,
                            "wait until the table is ACTIVE");
                }),
                check("sync queue", "deploy the stack (it creates the queue) or point --queue-url at it; the caller needs "
                        + "sqs:GetQueueAttributes", s -> {
                    QueueDepth depth = QueueDepth.of(s.sqs(), s.settings.requireQueue());
                    return DoctorCheck.Result.ok("sync queue", depth.waiting() + " waiting, " + depth.inFlight() + " in flight");
                }),
                check("dead-letter queue", "point --dlq-url at the sync queue's dead-letter queue", s -> {
                    QueueDepth depth = QueueDepth.of(s.sqs(), s.settings.requireDlq());
                    return depth.total() == 0 ? DoctorCheck.Result.ok("dead-letter queue", "empty")
                            : DoctorCheck.Result.failed("dead-letter queue", depth.total() + " message(s) failed repeatedly",
                            "see bin/cosell status for the failures and their reasons, fix the cause, then move the "
                                    + "messages back to the sync queue: bin/cosell replay-dlq");
                }),
                check("migration", "point --table at the stack's state table", MigrationCheck::run));
    }

    private static DoctorCheck.Result schema(Services services) {
        SchemaReport report = SchemaInstaller.of(services.metadata()).check(services.schema());
        if (!report.hasProblems()) {
            return DoctorCheck.Result.ok("schema", report.steps().size() + " columns, tables, keys and change-tracking "
                    + "settings in place");
        }
        return DoctorCheck.Result.failed("schema", report.problems().stream()
                        .map(p -> p.component() + " " + p.outcome().name().toLowerCase(java.util.Locale.ROOT)
                                + (p.detail().isEmpty() ? "" : " (" + p.detail() + ")"))
                        .collect(Collectors.joining("; ")),
                "run bin/cosell schema install (it creates what is missing and leaves the rest alone)"
                        + (report.problems().stream().anyMatch(p -> p.outcome() == SchemaStep.Outcome.INCOMPATIBLE)
                        ? "; an incompatible column must be renamed in the mapping or replaced by hand" : ""));
    }

    /** The standard columns the mapping names must exist (the connector's own are the schema check's). */
    private static DoctorCheck.Result mapping(Services services) {
        MappingConfig mapping = services.mapping();
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
        MetadataClient metadata = services.metadata();
        List<String> missing = new ArrayList<>();
        wanted.forEach((table, columns) -> {
            Set<String> present = metadata.attributes(table).stream().map(MetadataClient.AttributeState::logicalName)
                    .collect(Collectors.toSet());
            columns.stream().filter(c -> !c.endsWith("@odata.bind")).distinct()
                    .filter(c -> !present.contains(c)).forEach(c -> missing.add(table + "." + c));
        });
        String source = services.settings.mappingFile().map(Object::toString).orElse("the built-in mapping");
        return missing.isEmpty() ? DoctorCheck.Result.ok("mapping", source + " is valid and its columns exist")
                : DoctorCheck.Result.failed("mapping", source + " names columns the CRM does not have: "
                + String.join(", ", missing), "correct the mapping file or create the columns");
    }

    interface Body {
        DoctorCheck.Result run(Services services) throws Exception;
    }

    static DoctorCheck check(String name, String fix, Body body) {
        return new DoctorCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String fix() {
                return fix;
            }

            @Override
            public Result run(Services services) throws Exception {
                return body.run(services);
            }
        };
    }
}
