package io.cosell.shared.usecase;

import java.net.URI;
import java.util.List;

/** The webhook registration as Partner Center holds it (url and events may be absent), with a short note. */
public record RegistrationReport(boolean registered, URI webhookUrl, List<String> webhookEvents, String message) {

    public RegistrationReport {
        webhookEvents = List.copyOf(webhookEvents);
    }
}
