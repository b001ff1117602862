package io.cosell.shared.referral;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Registers one URL for the four referral events, taking over from any earlier registration (e.g. Microsoft's Power
 * Automate flow: Partner Center allows one URL per event). Idempotent: a second run changes nothing. The signature is
 * asked for in {@code x-ms-signature}, which keeps the {@code Authorization} header free behind a Function URL.
 */
@ApplicationScoped
public class PartnerCenterWebhookRegistrar implements WebhookRegistrar {

    private final WebhookRegistrationClient client;

    @Inject
    public PartnerCenterWebhookRegistrar(WebhookRegistrationClient client) {
        this.client = client;
    }

    @Override
    public RegistrationReport register(URI url) {
        return RegistrationReport.of(client.register(url, new LinkedHashSet<>(ReferralEvents.ALL_REFERRAL_EVENTS), true));
    }

    @Override
    public RegistrationReport show() {
        return client.current()
                .map(current -> new RegistrationReport(true, current.webhookUrl(), List.copyOf(current.webhookEvents()),
                        "registered"))
                .orElseGet(() -> new RegistrationReport(false, null, List.of(), "no webhook is registered"));
    }
}
