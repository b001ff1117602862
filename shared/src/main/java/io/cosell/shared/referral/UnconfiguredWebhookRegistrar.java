package io.cosell.shared.referral;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;

/** Stands in until the Partner Center webhook client exists: registers nothing and says so. */
@DefaultBean
@ApplicationScoped
public class UnconfiguredWebhookRegistrar implements WebhookRegistrar {

    @Override
    public RegistrationReport register(URI url) {
        return RegistrationReport.notConfigured();
    }

    @Override
    public RegistrationReport show() {
        return RegistrationReport.notConfigured();
    }
}
