package io.cosell.cli;

import picocli.CommandLine.Command;

import java.util.ArrayList;
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
                "Needs: the same settings as the functions (or the sandbox)."},
        footer = {"", "Example:", "  bin/cosell --sandbox doctor"})
final class DoctorCommand extends Leaf {

    @Override
    int run(Services services, Output out) {
        List<DoctorCheck.Result> results = new ArrayList<>();
        for (DoctorCheck check : DoctorChecks.all()) {
            DoctorCheck.Result result;
            try {
                result = check.run(services);
            } catch (Exception e) {
                result = DoctorCheck.Result.failed(check.name(), Output.reason(e), check.fix());
            }
            results.add(result);
            out.progress((result.ok() ? "✔ " : "✘ ") + result.name() + ": " + result.detail()
                    + (result.ok() ? "" : System.lineSeparator() + "    fix: " + result.fix()));
        }
        long failed = results.stream().filter(r -> !r.ok()).count();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ok", failed == 0);
        doc.put("checks", results);
        out.document(doc);
        if (failed > 0) {
            err().println("cosell: " + failed + " of " + results.size() + " checks failed: "
                    + results.stream().filter(r -> !r.ok()).map(DoctorCheck.Result::name).reduce((a, b) -> a + ", " + b).orElse(""));
            return 1;
        }
        out.line("all " + results.size() + " checks passed");
        return 0;
    }
}
