package io.cosell.cli;

import io.cosell.shared.usecase.AdminReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code resync}: the admin function's resync use case, called directly on the sync queue with the same classes, so
 * the sandbox and AWS run the same code without the Lambda Invoke API.
 */
@Command(name = "resync", mixinStandardHelpOptions = true,
        description = {"Queues one referral (Partner Center → CRM) or one opportunity (CRM → Partner Center) for sync "
                + "again, whatever its last sync did; the mapper reads both sides fresh, so a resync of something in "
                + "sync changes nothing.",
                "Needs: the sync queue (--queue-url or COSELL_SYNC_QUEUE_URL, or the sandbox) and sqs:SendMessage."},
        footer = {"", "Examples:", "  bin/cosell resync --referral 9f0e6b1c-…", "  bin/cosell --sandbox resync --opportunity 5d2…"})
final class ResyncCommand extends Leaf {

    static final class Target {
        @Option(names = "--referral", paramLabel = "ID", required = true, description = "A Partner Center referral id.")
        String referralId;

        @Option(names = "--opportunity", paramLabel = "ID", required = true, description = "A CRM opportunity id.")
        String opportunityId;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Override
    int run(Services services, Output out) {
        AdminReport report = target.referralId != null ? services.resync().referral(target.referralId)
                : services.resync().opportunity(target.opportunityId);
        AdminOutput.print(report, out);
        return 0;
    }
}
