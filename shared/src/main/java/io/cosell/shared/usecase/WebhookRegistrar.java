package io.cosell.shared.usecase;

import java.net.URI;

/** Registers the connector's webhook URL with Partner Center for the referral events, and shows the registration. */
public interface WebhookRegistrar {

    RegistrationReport register(URI url);

    RegistrationReport show();
}
