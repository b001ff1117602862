package io.cosell.shared.sync.poll;

/** How the poller finds changed CRM rows (configuration values {@code change-tracking} and {@code modifiedon}). */
public enum ChangeDetection {
    /**
     * Dataverse change tracking: delta links per table; sees deletions; needs "Track changes" on both tables and
     * reads every row of them, so sync = no is filtered on the connector's side.
     */
    CHANGE_TRACKING,
    /**
     * {@code $filter=modifiedon ge <watermark - overlap> and cosell_syncwithpartnercenter eq true}, for CRMs where
     * change tracking is off. Sees no deletions (of opportunities or of solution rows).
     */
    MODIFIEDON
}
