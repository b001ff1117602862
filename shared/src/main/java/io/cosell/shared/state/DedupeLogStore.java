package io.cosell.shared.state;

import java.time.Duration;
import java.util.List;

/** Which events were already handled, and what each sync of a referral did. */
public interface DedupeLogStore {

    /** True for the first caller with this key within {@code ttl}; false for every later one (a duplicate). */
    boolean markIfFirst(String key, Duration ttl);

    /**
     * Undoes {@link #markIfFirst}: the next mark of {@code key} is first again. For when the work the mark stood
     * for could not be done (e.g. the event could not be queued), so the sender's retry is not taken for a
     * duplicate. Removing an absent key does nothing.
     */
    void unmark(String key);

    void append(SyncLogEntry entry);

    /** The referral's latest log entries, newest first. */
    List<SyncLogEntry> recentLog(String referralId, int limit);
}
