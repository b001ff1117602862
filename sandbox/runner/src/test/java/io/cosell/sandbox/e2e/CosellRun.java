package io.cosell.sandbox.e2e;

import io.cosell.cli.CosellCommand;
import io.cosell.sandbox.Sandbox;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code bin/cosell --sandbox …} command line run in-process against a sandbox started on free ports (the flags
 * point each part at its port; everything else is what {@code --sandbox} sets).
 */
record CosellRun(int exitCode, String out, String err) {

    static CosellRun of(Sandbox sandbox, String... args) {
        return run(line(sandbox, args), new StringWriter(), new StringWriter());
    }

    /**
     * Starts a command line that waits for a person (consent): {@code out} fills while it runs, so a test can read
     * what it shows and act as that person.
     */
    static CompletableFuture<CosellRun> start(Sandbox sandbox, StringWriter out, String... args) {
        List<String> line = line(sandbox, args);
        return CompletableFuture.supplyAsync(() -> run(line, out, new StringWriter()));
    }

    private static List<String> line(Sandbox sandbox, String... args) {
        List<String> all = new ArrayList<>(List.of("--sandbox",
                "--dataverse-url=" + sandbox.dataverse().apiRoot(),
                "--entra-url=" + sandbox.entra().server().baseUri(),
                "--partner-center-url=" + sandbox.partnerCenter().baseUri(),
                "--dynamodb-url=" + sandbox.dynamoDb().endpoint(),
                "--sqs-url=" + sandbox.sqs().endpoint(),
                "--queue-url=" + sandbox.sqs().queueUrl(Sandbox.SYNC_QUEUE),
                "--dlq-url=" + sandbox.sqs().queueUrl(Sandbox.SYNC_DLQ),
                "--webhook-url=" + sandbox.receiverUrl()));
        all.addAll(List.of(args));
        return all;
    }

    private static CosellRun run(List<String> all, StringWriter out, StringWriter err) {
        int code = CosellCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                all.toArray(String[]::new));
        return new CosellRun(code, out.toString(), err.toString());
    }
}
