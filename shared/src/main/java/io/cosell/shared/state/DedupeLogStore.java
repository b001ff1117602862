package io.cosell.shared.state;

import java.time.Duration;
import java.util.List;

/** Which events were already handled, and what each sync of a referral did. */
public interface DedupeLogStore {

    /** True for the first caller with this key within {@code ttl}; false for every later one (a duplicate). */
    boolean markIfFirst(String key, Duration ttl);

    void append(SyncLogEntry entry);

    /** The referral's latest log entries, newest first. */
    List<SyncLogEntry> recentLog(String referralId, int limit);
}
