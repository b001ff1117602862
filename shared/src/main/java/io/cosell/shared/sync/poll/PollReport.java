package io.cosell.shared.sync.poll;

import io.cosell.shared.usecase.PollResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What one poll run did.
 *
 * @param leaseBusy   another run held the lease, so this one did nothing
 * @param sent        messages queued (one per changed opportunity with sync = yes)
 * @param alreadySent changes queued before (same dedupe key): re-read after a crash, an overlap or a resync
 * @param echoes      rows equal to their last-synced snapshot: the connector's own writes, not queued
 * @param ignored     changed opportunities with sync = no
 * @param deleted     opportunities deleted in the CRM (logged; Partner Center has no delete)
 * @param resyncs     tables whose expired change-tracking token started a full resync in this run
 * @param notes       anything else worth knowing (initial load, load continues next run, time limit reached)
 */
public record PollReport(boolean leaseBusy, int sent, int alreadySent, int echoes, int ignored, int deleted,
                         List<String> resyncs, List<String> notes) {

    public PollReport {
        resyncs = List.copyOf(resyncs);
        notes = List.copyOf(notes);
    }

    static PollReport busy() {
        return new PollReport(true, 0, 0, 0, 0, 0, List.of(), List.of());
    }

    public PollResult toPollResult() {
        if (leaseBusy) {
            return new PollResult(0, "another poll run holds the lease: nothing done");
        }
        List<String> parts = new ArrayList<>();
        parts.add("queued " + sent);
        parts.add(echoes + " echo(es) of the connector's own writes skipped");
        parts.add(alreadySent + " already queued");
        parts.add(ignored + " ignored (sync with Partner Center = no)");
        parts.add(deleted + " deleted opportunity(ies) logged");
        resyncs.forEach(set -> parts.add("full resync of " + set));
        parts.addAll(notes);
        return new PollResult(sent, String.join("; ", parts));
    }
}
