package io.cosell.cli;

import io.cosell.shared.usecase.AdminReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

/** {@code replay-dlq}: the admin function's dead-letter replay, called directly on the queues with the same classes. */
@Command(name = "replay-dlq", mixinStandardHelpOptions = true,
        description = {"Moves dead letters back to the sync queue, body and attributes as they were: all of them, or "
                + "only those of one referral (--referral); the others stay. Fix the cause first (bin/cosell status "
                + "shows the failures and their reasons).",
                "Needs: both queues (--queue-url, --dlq-url or COSELL_SYNC_QUEUE_URL, COSELL_SYNC_DLQ_URL, or the "
                        + "sandbox) and sqs:ReceiveMessage, SendMessage, DeleteMessage."},
        footer = {"", "Examples:", "  bin/cosell replay-dlq", "  bin/cosell --sandbox replay-dlq --referral 9f0e6b1c-…"})
final class ReplayDlqCommand extends Leaf {

    @Option(names = "--referral", paramLabel = "ID", description = "Only the dead letters of this referral.")
    String referralId;

    @Override
    int run(Services services, Output out) {
        AdminReport report = services.deadLetterReplay().replay(Optional.ofNullable(referralId));
        AdminOutput.print(report, out);
        return 0;
    }
}
