package io.cosell.cli;

import io.cosell.shared.schema.SchemaAdoption;
import io.cosell.shared.schema.SchemaInstaller;
import io.cosell.shared.schema.SchemaReport;
import io.cosell.shared.schema.SchemaStep;
import io.cosell.shared.schema.SchemaTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code schema install | check | adopt}. */
@Command(name = "schema", description = "Create, check or adopt the connector's columns and tables in Dataverse.",
        subcommands = {SchemaCommand.Install.class, SchemaCommand.Check.class, SchemaCommand.Adopt.class})
final class SchemaCommand {

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Creates the connector's schema in Dataverse through the metadata Web API, inside a named "
                    + "solution of a publisher with your prefix: the opportunity and lead columns, the solution and "
                    + "catalogue tables with their lookup, the alternate keys on the referral id (waiting until each "
                    + "index is active), change tracking on the tables the poller reads, then publishes.",
                    "Idempotent: what exists is reported and left alone; a second run changes nothing. Customization "
                            + "locks and metadata-cache 404s are retried.",
                    "Needs: the Dataverse URL and an application user with System Customizer (or the sandbox). Column "
                            + "names come from the mapping (--mapping); new ones must start with --prefix (a key it creates is "
                            + "named with it)."},
            footer = {"", "Example:", "  bin/cosell --sandbox schema install",
                    "  bin/cosell --dataverse-url https://contoso.crm4.dynamics.com/api/data/v9.2/ schema install --solution contosocosell"})
    static final class Install extends Leaf {

        @Option(names = "--solution", defaultValue = "cosellconnector", description = "Unique name of the solution (default: ${DEFAULT-VALUE}).")
        String solution;

        @Option(names = "--publisher", defaultValue = "cosell", description = "Unique name of the publisher (default: ${DEFAULT-VALUE}).")
        String publisher;

        @Option(names = "--prefix", defaultValue = "cosell", description = "The publisher's customization prefix (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Option(names = "--option-value-prefix", defaultValue = "10000",
                description = "The publisher's choice value prefix, 10000-99999 (default: ${DEFAULT-VALUE}).")
        int optionValuePrefix;

        @Override
        int run(Services services, Output out) {
            SchemaTarget target = new SchemaTarget(solution, "Co-sell connector", publisher, "Co-sell connector",
                    prefix, optionValuePrefix);
            out.progress("installing the connector's schema in solution " + solution + " (publisher " + publisher
                    + ", prefix " + prefix + "_)");
            SchemaReport report = SchemaInstaller.of(services.metadata()).install(services.schema(), target,
                    step -> out.progress(line(step)));
            return finish(out, report, "created " + report.count(SchemaStep.Outcome.CREATED) + ", already there "
                    + report.count(SchemaStep.Outcome.EXISTS));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Reports which of the connector's columns, tables, keys and change-tracking settings are "
                    + "missing or incompatible. Changes nothing.",
                    "Needs: the Dataverse URL and read access to metadata (or the sandbox)."},
            footer = {"", "Example:", "  bin/cosell --sandbox schema check --json"})
    static final class Check extends Leaf {

        @Override
        int run(Services services, Output out) {
            SchemaReport report = SchemaInstaller.of(services.metadata()).check(services.schema());
            report.steps().forEach(step -> out.line(line(step)));
            return finish(out, report, report.hasProblems() ? report.problems().size() + " problem(s)" : "schema complete");
        }
    }

    @Command(name = "adopt", mixinStandardHelpOptions = true,
            description = {"For partners moving from Microsoft's connector: finds the opportunity and lead columns "
                    + "Microsoft's solution created (by their labels: Sync with Partner Center, Referral Identifier, "
                    + "...), checks they can hold what the connector writes, and writes their names into the mapping "
                    + "file the functions read (connectorColumns; other settings are kept).",
                    "Columns it cannot find keep the connector's names: run schema install afterwards to create them.",
                    "Needs: the Dataverse URL (or the sandbox) and --mapping FILE to write."},
            footer = {"", "Example:", "  bin/cosell --sandbox --mapping mapping.json schema adopt"})
    static final class Adopt extends Leaf {

        @Override
        int run(Services services, Output out) throws Exception {
            Path file = services.settings.mappingFile().orElseThrow(() ->
                    new IllegalStateException("adopt writes the mapping: give --mapping FILE (or COSELL_MAPPING_FILE)"));
            SchemaAdoption.Result result = new SchemaAdoption(services.metadata()).adopt(services.schema());
            result.report().steps().forEach(step -> out.line(line(step)));
            String mapping = SchemaAdoption.mappingJson(services.json, services.settings.mappingJson(),
                    result.connectorColumns());
            Files.writeString(file, mapping);
            out.line("wrote " + result.connectorColumns().size() + " column name(s) to " + file);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("mappingFile", file.toString());
            doc.put("connectorColumns", result.connectorColumns());
            doc.put("steps", result.report().steps());
            out.document(doc);
            long incompatible = result.report().count(SchemaStep.Outcome.INCOMPATIBLE);
            if (incompatible > 0) {
                err(out, incompatible + " column(s) cannot hold what the connector writes; see above");
                return 1;
            }
            return 0;
        }

        private void err(Output out, String message) {
            err().println("cosell: " + message);
        }
    }

    static String line(SchemaStep step) {
        String mark = switch (step.outcome()) {
            case CREATED -> "+";
            case EXISTS -> "✔";
            case MISSING, INCOMPATIBLE -> "✘";
        };
        String outcome = step.outcome().name().toLowerCase(java.util.Locale.ROOT);
        return "  " + mark + " " + step.component() + " (" + outcome + (step.detail().isEmpty() ? "" : ": " + step.detail()) + ")";
    }

    private static int finish(Output out, SchemaReport report, String summary) {
        out.line(summary);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("created", report.count(SchemaStep.Outcome.CREATED));
        doc.put("existing", report.count(SchemaStep.Outcome.EXISTS));
        doc.put("problems", report.problems());
        doc.put("steps", report.steps());
        out.document(doc);
        if (report.hasProblems()) {
            throw new IllegalStateException(report.problems().size() + " problem(s): "
                    + report.problems().stream().map(s -> s.component() + " " + s.outcome().name().toLowerCase(java.util.Locale.ROOT))
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        return 0;
    }
}
