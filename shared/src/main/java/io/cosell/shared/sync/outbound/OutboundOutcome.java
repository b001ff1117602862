package io.cosell.shared.sync.outbound;

/** How an outbound sync of one opportunity ended. */
public enum OutboundOutcome {
    /** A referral was created in Partner Center and linked to the opportunity. */
    CREATED,
    /** The referral was patched with what changed in the CRM. */
    UPDATED,
    /** Partner Center already had the CRM's data (or sync is off); nothing was sent. */
    NO_CHANGE,
    /** The opportunity cannot be sent as it is; the Audit column says why, ✘ marks the name. No retry. */
    INVALID,
    /** The referral is closed (Won, Lost, Declined, Expired) and cannot be edited; the Audit column says so. */
    TERMINAL_SKIPPED,
    /** Throttled, unavailable, or another worker is on it: deliver the message again later. */
    RETRY_LATER
}
