package io.cosell.cli;

import io.cosell.shared.usecase.AdminReport;

/** What resync and replay-dlq did: a line per message queued, then the outcome. */
final class AdminOutput {

    private AdminOutput() {
    }

    static void print(AdminReport report, Output out) {
        report.queued().forEach(line -> out.progress("queued " + line));
        out.line(report.message());
        out.document(report);
    }
}
