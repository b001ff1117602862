package io.cosell.shared.usecase;

import java.net.URI;

/** Registers the connector's webhook URL with Partner Center for the referral events, and shows the registration. */
public interface WebhookRegistrar {

    RegistrationReport register(URI url);

    /**
     * Registers {@code url} for the referral events and {@code test-created}, has Partner Center send its validation
     * event there and waits (until shortly before {@code deadline}) for the answer. Throws an
     * {@link IllegalStateException} whose message says what an admin can do when the URL did not answer 200.
     */
    RegistrationReport registerAndValidate(URI url, Deadline deadline);

    RegistrationReport show();
}
