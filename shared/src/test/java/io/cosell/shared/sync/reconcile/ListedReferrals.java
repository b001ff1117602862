package io.cosell.shared.sync.reconcile;

import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.testsupport.TestJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Partner Center's referral list as the reconciler queries it ({@code updatedDateTime ge <instant>}, ascending by
 * {@code updatedDateTime}, {@code $top}); every other query fails the test. Records the queries.
 */
final class ListedReferrals implements ReferralClient {

    private final Map<String, Referral> referrals = new ConcurrentHashMap<>();
    final List<ReferralQuery> queries = new ArrayList<>();

    Referral put(String id, Instant updated, String eTag) {
        Referral referral = TestJson.REFERRAL_JSON.read(("""
                {"id": "%s", "updatedDateTime": "%s", "eTag": "%s"}""".formatted(id, updated, eTag.replace("\"", "\\\"")))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), Referral.class);
        referrals.put(id, referral);
        return referral;
    }

    @Override
    public synchronized Stream<Referral> list(ReferralQuery query) {
        queries.add(query);
        String filter = query.filter().orElseThrow();
        if (!filter.startsWith("updatedDateTime ge ") || !query.orderBy().equals(Optional.of("updatedDateTime asc"))) {
            throw new AssertionError("unexpected query " + query);
        }
        Instant from = Instant.parse(filter.substring("updatedDateTime ge ".length()));
        return new ArrayList<>(referrals.values()).stream()
                .filter(referral -> !referral.updatedDateTime().isBefore(from))
                .sorted(Comparator.comparing(Referral::updatedDateTime))
                .limit(query.top().orElse(Integer.MAX_VALUE));
    }

    @Override
    public Referral get(String id) {
        throw new AssertionError("the reconciler only lists");
    }

    @Override
    public Referral create(Referral referral) {
        throw new AssertionError("the reconciler only lists");
    }

    @Override
    public Referral patch(String id, List<PatchOperation> operations, Optional<String> ifMatch) {
        throw new AssertionError("the reconciler only lists");
    }
}
