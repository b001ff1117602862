package io.cosell.shared.referral;

import java.net.URI;
import java.util.List;

/** The webhook registration as Partner Center holds it (url and events may be absent), with a short note. */
public record RegistrationReport(boolean registered, URI webhookUrl, List<String> webhookEvents, String message) {

    public RegistrationReport {
        webhookEvents = List.copyOf(webhookEvents);
    }

    static RegistrationReport of(RegistrationChange change) {
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
