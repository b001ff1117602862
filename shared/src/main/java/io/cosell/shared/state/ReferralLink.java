package io.cosell.shared.state;

import io.cosell.shared.vocabulary.CrmRecordRef;

import java.time.Instant;

/** A Partner Center referral and the CRM record (opportunity or lead) that mirrors it. */
public record ReferralLink(String referralId, CrmRecordRef crmRecord, Instant linkedAt) {
}
