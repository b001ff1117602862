package io.cosell.shared.sync.outbound;

import io.cosell.shared.http.OutcomeUnknownException;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.ReferralQuery;
import io.cosell.shared.referral.Referral;
import io.cosell.shared.state.CursorLeaseStore;
import io.cosell.shared.state.OutboundCreateIntent;
import io.cosell.shared.state.SyncCursor;
import io.cosell.shared.vocabulary.RetryLaterException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Creates an opportunity's referral at most once. Before the POST an intent ({@code outbound-create#<opportunity id>},
 * the time) is stored; the caller links the referral right after the POST. A retry that finds an intent but no link
 * (the worker died, or the answer or the link write was lost, after Partner Center created the referral) first looks
 * for the referral: the partner's Outgoing referrals created since shortly before the intent, newest first, whose
 * {@code externalReferenceId} is the opportunity id (only documented filters and ordering are used; the id is matched
 * here; Partner Center documents no filter on {@code externalReferenceId}). Found: it is linked instead of creating a
 * second one. A POST whose outcome is unknown (its answer was lost: {@link OutcomeUnknownException}) is never repeated
 * in the call: the same search runs at once, and when it finds nothing the sync retries later, searching again first.
 */
final class ReferralCreation {

    /** Allows for clock differences between this worker and Partner Center. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** The referral and whether it was found from an earlier attempt rather than created now. */
    record Created(Referral referral, boolean recovered) {
    }

    private final ReferralClient partnerCenter;
    private final CursorLeaseStore store;
    private final Clock clock;

    ReferralCreation(ReferralClient partnerCenter, CursorLeaseStore store, Clock clock) {
        this.partnerCenter = partnerCenter;
        this.store = store;
        this.clock = clock;
    }

    Created create(String opportunityId, Referral body) {
        String name = OutboundCreateIntent.name(opportunityId);
        Optional<SyncCursor> intent = store.cursor(name);
        Optional<Referral> earlier = intent.flatMap(i -> earlierAttempt(opportunityId, Instant.parse(i.value())));
        if (earlier.isPresent()) {
            return new Created(earlier.get(), true);
        }
        Instant intendedAt = clock.instant();
        if (!store.advance(name, intent.map(SyncCursor::version).orElse(0L), intendedAt.toString())) {
            throw new RetryLaterException("Another worker is creating the referral of opportunity " + opportunityId
                    + "; will retry.");
        }
        try {
            return new Created(partnerCenter.create(body), false);
        } catch (OutcomeUnknownException lost) {
            return earlierAttempt(opportunityId, intendedAt)
                    .map(found -> new Created(found, true))
                    .orElseThrow(() -> new RetryLaterException("Partner Center did not answer the creation of the referral of "
                            + "opportunity " + opportunityId + " and it is not listed (yet); will look for it again before "
                            + "creating it (" + lost.getMessage() + ")."));
        }
    }

    private Optional<Referral> earlierAttempt(String opportunityId, Instant intendedAt) {
        String filter = "direction eq 'Outgoing' and createdDateTime ge " + intendedAt.minus(CLOCK_SKEW);
        return partnerCenter.list(ReferralQuery.filtered(filter).orderBy("createdDateTime desc"))
                .filter(referral -> opportunityId.equalsIgnoreCase(referral.externalReferenceId()))
                .findFirst();
    }
}
