package io.cosell.shared.inbound;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stands in until inbound sync exists: answers 503 so Partner Center retries later instead of the event being
 * silently acknowledged and lost. Any other {@link WebhookIntake} bean replaces it.
 */
@DefaultBean
@ApplicationScoped
public class UnconfiguredWebhookIntake implements WebhookIntake {

    @Override
    public IntakeResult accept(WebhookDelivery delivery) {
        return IntakeResult.unavailable("inbound sync is not configured yet");
    }
}
