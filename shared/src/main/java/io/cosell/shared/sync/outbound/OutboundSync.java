package io.cosell.shared.sync.outbound;

import io.cosell.shared.vocabulary.CrmRecordRef;

/**
 * Brings one CRM record into Partner Center (CRM → Partner Center): an opportunity creates or updates its referral, a
 * lead answers (accepts or declines) the referral it was created from.
 */
public interface OutboundSync {

    OutboundResult sync(CrmRecordRef record);
}
