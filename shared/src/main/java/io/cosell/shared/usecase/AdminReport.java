package io.cosell.shared.usecase;

import java.util.List;

/**
 * What an on-demand action did.
 *
 * @param action  {@code resync} or {@code replay-dlq}
 * @param queued  the sync messages it put on the sync queue, one line each (direction, referral, CRM record, event)
 * @param left    dead letters left on the dead-letter queue (0 for a resync)
 * @param message the outcome in one line
 */
public record AdminReport(String action, List<String> queued, int left, String message) implements AdminAnswer {

    public AdminReport {
        queued = List.copyOf(queued);
    }
}
