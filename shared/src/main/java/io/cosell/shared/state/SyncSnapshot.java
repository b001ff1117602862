package io.cosell.shared.state;

import java.time.Instant;
import java.util.Map;

/**
 * The mapped fields as the connector last wrote or saw them on each side: the base of the three-way merge and the
 * echo check. A field missing from a map had no value (maps hold no nulls).
 *
 * @param partnerCenterFields       mapped field name → value on the Partner Center side
 * @param crmFields                 mapped field name → value on the CRM side
 * @param partnerCenterETag         the referral's {@code eTag} (quotes included), or null
 * @param partnerCenterUpdatedAt    the referral's {@code updatedDateTime}, or null
 * @param crmETag                   the CRM record's {@code @odata.etag} (holds its version number), or null
 * @param revision                  the stored revision this snapshot was read at (0 = none stored yet); a save is
 *                                  accepted only while the stored revision still equals it, and stores revision + 1
 */
public record SyncSnapshot(String referralId, Map<String, String> partnerCenterFields, Map<String, String> crmFields,
                           String partnerCenterETag, Instant partnerCenterUpdatedAt, String crmETag, long revision) {

    public SyncSnapshot {
        partnerCenterFields = Map.copyOf(partnerCenterFields);
        crmFields = Map.copyOf(crmFields);
    }

    /** This snapshot as it reads after a successful save. */
    public SyncSnapshot saved() {
        return new SyncSnapshot(referralId, partnerCenterFields, crmFields, partnerCenterETag, partnerCenterUpdatedAt,
                crmETag, revision + 1);
    }
}
