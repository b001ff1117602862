package io.cosell.shared.sync.inbound;

import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The real Partner Center client, except that reading one referral returns an older version of it (a late read). */
final class LaggingReferralClient implements ReferralClient {

    private final ReferralClient delegate;
    private final Referral olderVersion;

    LaggingReferralClient(ReferralClient delegate, Referral olderVersion) {
        this.delegate = delegate;
        this.olderVersion = olderVersion;
    }

    @Override
    public Referral get(String id) {
        return id.equals(olderVersion.id()) ? olderVersion : delegate.get(id);
    }

    @Override
    public Referral create(Referral referral) {
        return delegate.create(referral);
    }

    @Override
    public Referral patch(String id, List<PatchOperation> operations, Optional<String> ifMatch) {
        return delegate.patch(id, operations, ifMatch);
    }

    @Override
    public Stream<Referral> list(ReferralQuery query) {
        return delegate.list(query);
    }
}
