package io.cosell.shared.state;

import io.cosell.shared.vocabulary.CrmRecordRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which CRM record mirrors which referral, and what the connector last synced between them. */
public interface LinkStore {

    /**
     * Links a referral and a CRM record in both directions, atomically. True when the link exists afterwards
     * (created now, or the very same link already existed); false when either side is already linked elsewhere,
     * in which case nothing was written.
     */
    boolean link(String referralId, CrmRecordRef crmRecord);

    /**
     * Moves a referral's link from one CRM record to another (a lead that became an opportunity), atomically: the
     * referral then points to {@code to}, {@code to} points back, and {@code from} is no longer linked. True when the
     * referral is linked to {@code to} afterwards (moved now, or already there); false when the referral was not
     * linked to {@code from} or {@code to} is linked to another referral, in which case nothing was written.
     */
    boolean relink(String referralId, CrmRecordRef from, CrmRecordRef to);

    Optional<ReferralLink> linkByReferral(String referralId);

    Optional<ReferralLink> linkByCrmRecord(CrmRecordRef crmRecord);

    Optional<SyncSnapshot> snapshot(String referralId);

    /** The referral's link and snapshot, read together (in one request where the store can). */
    LinkAndSnapshot linkAndSnapshot(String referralId);

    /** {@link #linkAndSnapshot} of each referral (each once), read in as few requests as the store can. */
    Map<String, LinkAndSnapshot> linkAndSnapshots(List<String> referralIds);

    /**
     * Stores the snapshot if the stored revision still equals {@code snapshot.revision()} (0 = none stored yet).
     * False when another writer saved in between: re-read, merge and try again.
     */
    boolean saveSnapshot(SyncSnapshot snapshot);
}
