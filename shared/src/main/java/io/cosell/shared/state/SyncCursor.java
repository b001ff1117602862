package io.cosell.shared.state;

/**
 * A named high-water mark, e.g. {@code crm-poller#opportunities} → a Dataverse delta link, or
 * {@code reconciler#referrals} → a Partner Center {@code updatedDateTime}.
 *
 * @param version increases by one with every advance; 0 means never advanced
 */
public record SyncCursor(String name, String value, long version) {
}
