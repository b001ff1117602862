package io.cosell.shared.partnercenter;

import java.time.Instant;
import java.util.Optional;

/**
 * The OData options of a referral list: {@code $filter}, {@code $orderby} and {@code $top}, each optional.
 * Paging is not part of the query: the client follows {@code @odata.nextLink}.
 */
public record ReferralQuery(Optional<String> filter, Optional<String> orderBy, Optional<Integer> top) {

    public static ReferralQuery all() {
        return new ReferralQuery(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Referrals changed at or after {@code since}, oldest change first (the reconciliation poll). */
    public static ReferralQuery updatedSince(Instant since) {
        return new ReferralQuery(Optional.of("updatedDateTime ge " + since), Optional.of("updatedDateTime asc"),
                Optional.empty());
    }

    /** All referrals of one engagement, e.g. the partner's and Microsoft's side of a co-sell. */
    public static ReferralQuery byEngagement(String engagementId) {
        return filtered("engagementId eq '" + engagementId.replace("'", "''") + "'");
    }

    public static ReferralQuery filtered(String filter) {
        return new ReferralQuery(Optional.of(filter), Optional.empty(), Optional.empty());
    }

    public ReferralQuery orderBy(String orderBy) {
        return new ReferralQuery(filter, Optional.of(orderBy), top);
    }

    public ReferralQuery top(int count) {
        return new ReferralQuery(filter, orderBy, Optional.of(count));
    }
}
