package io.cosell.functions.webhook;

import io.cosell.shared.inbound.IntakeResult;
import io.cosell.shared.inbound.WebhookDelivery;
import io.cosell.shared.inbound.WebhookIntake;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double that replaces the default intake: records each delivery and accepts it. */
@ApplicationScoped
public class RecordingWebhookIntake implements WebhookIntake {

    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public IntakeResult accept(WebhookDelivery delivery) {
        deliveries.add(delivery);
        return IntakeResult.accepted();
    }

    List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    void reset() {
        deliveries.clear();
    }
}
