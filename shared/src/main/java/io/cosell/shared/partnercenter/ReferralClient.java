package io.cosell.shared.partnercenter;

import io.cosell.shared.referral.PatchOperation;
import io.cosell.shared.referral.Referral;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Partner Center Referrals API ({@code /v1.0/engagements/referrals}). Failures are
 * {@link io.cosell.shared.http.ApiException}s; a stale {@code If-Match} is a {@link ReferralConflictException}.
 */
public interface ReferralClient {

    /** The referral; {@code ApiException} with {@code isNotFound()} when there is none. */
    Referral get(String id);

    /** Creates a referral (type, customerProfile, consent and details are required) and returns it as stored. */
    Referral create(Referral referral);

    /**
     * Applies JSON Patch operations and returns the updated referral. With {@code ifMatch} (an eTag as read, quotes
     * included) the update only happens when the referral is unchanged; otherwise {@link ReferralConflictException}.
     */
    Referral patch(String id, List<PatchOperation> operations, Optional<String> ifMatch);

    /** All matching referrals, fetching pages lazily as the stream is consumed. */
    Stream<Referral> list(ReferralQuery query);
}
