package io.cosell.shared.sync.inbound;

/** How an inbound sync of one referral ended. */
public enum InboundOutcome {
    /** A CRM record (lead or opportunity) was created. */
    CREATED,
    /** The CRM record was updated (only the columns that changed were written). */
    UPDATED,
    /** The CRM record already had this data; nothing was written to the CRM. */
    NO_CHANGE,
    /** The referral read was older than the one already synced; nothing was written. */
    STALE_IGNORED,
    /** The referral cannot be brought into the CRM; the reason is logged and shown on a linked record. No retry. */
    UNMAPPABLE,
    /** Throttled, unavailable, or another worker is on it: deliver the message again later. */
    RETRY_LATER
}
