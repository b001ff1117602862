package io.cosell.shared.state;

import java.time.Instant;
import java.util.Optional;

/**
 * The mark the outbound sync leaves before it POSTs an opportunity's referral: the cursor
 * {@code outbound-create#<opportunity id>} holding the time it meant to. Until the opportunity carries its Referral
 * Identifier, the create is in flight; the inbound sync waits for it rather than make a second opportunity.
 */
public final class OutboundCreateIntent {

    static final String PREFIX = "outbound-create#";

    private OutboundCreateIntent() {
    }

    /** The cursor's name for the opportunity. */
    public static String name(String opportunityId) {
        return PREFIX + opportunityId.toLowerCase(java.util.Locale.ROOT);
    }

    /** When the outbound sync last meant to create the opportunity's referral, if it ever did. */
    public static Optional<Instant> of(CursorLeaseStore store, String opportunityId) {
        return store.cursor(name(opportunityId)).map(cursor -> Instant.parse(cursor.value()));
    }
}
