package io.cosell.shared.referral;

import java.net.URI;
import java.util.List;

/** The webhook registration as Partner Center holds it (url and events may be absent), with a short note. */
public record RegistrationReport(boolean registered, URI webhookUrl, List<String> webhookEvents, String message) {

    public RegistrationReport {
        webhookEvents = List.copyOf(webhookEvents);
    }

    public static RegistrationReport notConfigured() {
        return new RegistrationReport(false, null, List.of(), "webhook registration is not configured yet");
    }
}
