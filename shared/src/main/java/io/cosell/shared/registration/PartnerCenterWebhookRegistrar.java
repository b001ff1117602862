package io.cosell.shared.registration;

import io.cosell.shared.partnercenter.RegistrationChange;
import io.cosell.shared.partnercenter.WebhookRegistration;
import io.cosell.shared.partnercenter.WebhookRegistrationClient;
import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
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
        return report(client.register(url, new LinkedHashSet<>(ReferralEvents.ALL_REFERRAL_EVENTS), true));
    }

    @Override
    public RegistrationReport show() {
        return client.current()
                .map(current -> new RegistrationReport(true, current.webhookUrl(), List.copyOf(current.webhookEvents()),
                        "registered"))
                .orElseGet(() -> new RegistrationReport(false, null, List.of(), "no webhook is registered"));
    }

    private static RegistrationReport report(RegistrationChange change) {
        WebhookRegistration after = change.after();
        String message = switch (change.action()) {
            case CREATED -> "registered " + after.webhookUrl() + " (there was no registration)";
            case UPDATED -> "registered " + after.webhookUrl() + ", replacing " + change.before()
                    .map(before -> before.webhookUrl() + " for " + before.webhookEvents()).orElse("nothing");
            case UNCHANGED -> "already registered as wanted; nothing changed";
        };
        return new RegistrationReport(true, after.webhookUrl(), List.copyOf(after.webhookEvents()), message);
    }
}
