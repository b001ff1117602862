package io.cosell.functions.registration;

import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double that replaces the default registrar: remembers the registered URL and shows it. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingWebhookRegistrar implements WebhookRegistrar {

    private static final List<String> EVENTS = List.of("referral-created", "referral-updated");

    private final List<URI> registered = new CopyOnWriteArrayList<>();

    @Override
    public RegistrationReport register(URI url) {
        registered.add(url);
        return new RegistrationReport(true, url, EVENTS, "registered");
    }

    @Override
    public RegistrationReport show() {
        return registered.isEmpty()
                ? new RegistrationReport(false, null, List.of(), "no registration")
                : new RegistrationReport(true, registered.getLast(), EVENTS, "current registration");
    }

    List<URI> registered() {
        return List.copyOf(registered);
    }
}
