package io.cosell.shared.state;

import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Instant;
import java.util.Objects;

/**
 * A sync whose last attempt ended in a failure a retry can fix (throttled, unavailable, another worker on it). It
 * stays until an attempt of the same sync ends any other way.
 *
 * @param direction  {@code PC_TO_CRM}: {@code referralId} is set; {@code CRM_TO_PC}: {@code crmRecord} is set
 * @param referralId the referral, or null
 * @param crmRecord  the CRM record (opportunity or lead), or null
 * @param at         when that attempt ended
 * @param reason     what the attempt reported
 */
public record PendingRetry(SyncDirection direction, String referralId, CrmRecordRef crmRecord, Instant at,
                           String reason) {

    public PendingRetry {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(at, "at");
        if (direction == SyncDirection.PC_TO_CRM ? referralId == null : crmRecord == null) {
            throw new IllegalArgumentException("a " + direction + " retry names its "
                    + (direction == SyncDirection.PC_TO_CRM ? "referral" : "CRM record"));
        }
    }

    /** What the retry is about: the referral id, or {@code <entitySet>#<id>} of the CRM record. */
    public String subject() {
        return subject(direction, referralId, crmRecord);
    }

    static String subject(SyncDirection direction, String referralId, CrmRecordRef crmRecord) {
        return direction == SyncDirection.PC_TO_CRM ? referralId : crmRecord.entitySet() + "#" + crmRecord.id();
    }
}
