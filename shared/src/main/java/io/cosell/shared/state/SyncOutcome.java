package io.cosell.shared.state;

/** How one sync of a referral ended. */
public enum SyncOutcome {
    /** Differences were written to the other side. */
    SYNCED,
    /** Both sides already agreed; nothing was written. */
    NO_CHANGE,
    /** Deliberately not synced (e.g. closed referral, sync switched off). */
    SKIPPED,
    /** The sync failed; the message says why. */
    FAILED
}
