package io.cosell.shared.state;

import java.util.Optional;

/** What the connector knows of one referral before it syncs it: its CRM link and its last-synced snapshot. */
public record LinkAndSnapshot(Optional<ReferralLink> link, Optional<SyncSnapshot> snapshot) {
}
