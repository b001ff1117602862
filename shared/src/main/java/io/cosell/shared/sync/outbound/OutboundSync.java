package io.cosell.shared.sync.outbound;

import io.cosell.shared.sync.CrmRecordRef;

/** Brings one CRM opportunity into Partner Center (CRM → Partner Center): creates or updates its referral. */
public interface OutboundSync {

    OutboundResult sync(CrmRecordRef opportunity);
}
