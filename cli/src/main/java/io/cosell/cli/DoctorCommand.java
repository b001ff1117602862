package io.cosell.cli;

import io.cosell.shared.doctor.ConnectorDoctor;
import io.cosell.shared.usecase.DoctorReport;
import picocli.CommandLine.Command;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code doctor}: every check, ✔ or ✘ with what to do, non-zero exit on any ✘. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks that the connector can work and says what to fix: tokens for Dataverse and Partner "
                + "Center, the schema (columns, tables, alternate keys active, change tracking on), the mapping against "
                + "the CRM, the state table and the sync queue reachable, the dead-letter queue empty, the webhook "
                + "registration pointing at this deployment (--webhook-url) for all four referral events, the last "
                + "poller and reconciler runs finished (the poller's within 5 minutes).",
                "Each check prints ✔ or ✘ with a fix in plain words; exit code 1 when any check fails.",
                "Needs: the same settings as the functions (or the sandbox).",
                "The admin function runs the same checks when invoked with {\"action\":\"doctor\"}."},
        footer = {"", "Example:", "  bin/cosell --sandbox doctor"})
final class DoctorCommand extends Leaf {

    @Override
    int run(Services services, Output out) {
        DoctorReport report = new ConnectorDoctor(new ServicesParts(services), Clock.systemUTC()).run(result ->
                out.progress((result.ok() ? "✔ " : "✘ ") + result.name() + ": " + result.detail()
                        + (result.ok() ? "" : System.lineSeparator() + "    fix: " + result.fix())));
        List<DoctorReport.Check> failed = report.failed();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ok", report.ok());
        doc.put("checks", report.checks());
        out.document(doc);
        if (!failed.isEmpty()) {
            err().println("cosell: " + failed.size() + " of " + report.checks().size() + " checks failed: "
                    + failed.stream().map(DoctorReport.Check::name).reduce((a, b) -> a + ", " + b).orElse(""));
            return 1;
        }
        out.line("all " + report.checks().size() + " checks passed");
        return 0;
    }
}
