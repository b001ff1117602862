package io.cosell.shared.partnercenter;

import io.cosell.shared.http.ApiException;

/**
 * Partner Center answered 412 {@code preconditionFailed}: the referral changed since its eTag was read. Re-read it,
 * merge, and try again.
 */
public class ReferralConflictException extends ApiException {

    public ReferralConflictException(ApiException cause) {
        super(cause);
    }
}
