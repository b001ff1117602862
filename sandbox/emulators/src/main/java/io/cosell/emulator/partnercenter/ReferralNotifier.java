package io.cosell.emulator.partnercenter;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns referral changes into webhook events: {@code referral-created/updated} for the partner's own referrals,
 * {@code related-referral-created/updated} for another organization's referral in one of its engagements (e.g.
 * Microsoft's side of a co-sell). Only events the registration lists are sent. {@code ResourceUri} has the documented
 * shape {@code <base>/engagements/v1/referrals/{id}}.
 */
final class ReferralNotifier {

    private final String partnerOrganizationId;
    private final Supplier<URI> baseUri;
    private final WebhookRegistrationApi registrations;
    private final WebhookDispatcher dispatcher;

    ReferralNotifier(String partnerOrganizationId, Supplier<URI> baseUri, WebhookRegistrationApi registrations,
                     WebhookDispatcher dispatcher) {
        this.partnerOrganizationId = partnerOrganizationId;
        this.baseUri = baseUri;
        this.registrations = registrations;
        this.dispatcher = dispatcher;
    }

    void created(ObjectNode referral) {
        publish(referral, "created");
    }

    void updated(ObjectNode referral) {
        publish(referral, "updated");
    }

    private void publish(ObjectNode referral, String action) {
        boolean own = partnerOrganizationId.equals(referral.path("organizationId").asText());
        String eventName = (own ? "referral-" : "related-referral-") + action;
        String id = referral.path("id").asText();
        registrations.current()
                .filter(registration -> registration.includes(eventName))
                .ifPresent(registration -> dispatcher.publish(registration, UUID.randomUUID().toString(), eventName,
                        "referral", baseUri.get() + "/engagements/v1/referrals/" + id, id));
    }
}
