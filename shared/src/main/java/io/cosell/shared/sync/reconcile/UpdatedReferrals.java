package io.cosell.shared.sync.reconcile;

import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.Referral;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists the referrals updated at or after an instant, oldest change first:
 * {@code $filter=updatedDateTime ge <from>&$orderby=updatedDateTime asc&$top=<page size>}, each page a new query
 * from the last {@code updatedDateTime} read (keyset paging). Unlike following an offset-based next link, a referral
 * updated while the run pages does not shift the ones after it out of view: it moves to the end, where this run or
 * the next reads it. A page whose referrals all share the lower bound's timestamp is read again with a larger
 * {@code $top}, so any number of equal timestamps is read in full. Referrals read twice count once (the newer read).
 */
final class UpdatedReferrals {

    /** What one listing read; {@code complete} is false when the budget ended it before the last page. */
    record Listing(List<Referral> referrals, boolean complete) {
    }

    private final ReferralClient partnerCenter;
    private final int pageSize;
    private final Clock clock;

    UpdatedReferrals(ReferralClient partnerCenter, int pageSize, Clock clock) {
        this.partnerCenter = partnerCenter;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    Listing since(Instant from, int maxReferrals, Instant listUntil) {
        Map<String, Referral> read = new LinkedHashMap<>();
        Instant lower = from;
        int top = pageSize;
        while (true) {
            List<Referral> page = partnerCenter.list(ReferralQuery.updatedSince(lower).top(top)).limit(top).toList();
            for (Referral referral : page) {
                read.remove(referral.id());
                read.put(referral.id(), referral);
            }
            if (page.size() < top) {
                return new Listing(new ArrayList<>(read.values()), true);
            }
            if (read.size() >= maxReferrals || !clock.instant().isBefore(listUntil)) {
                return new Listing(new ArrayList<>(read.values()), false);
            }
            Instant last = page.getLast().updatedDateTime();
            if (last == null || !last.isAfter(lower)) {
                top = Math.min(top * 2, maxReferrals + pageSize);
            } else {
                lower = last;
                top = pageSize;
            }
        }
    }
}
