package io.cosell.shared.registration;

import io.cosell.shared.partnercenter.RegistrationChange;
import io.cosell.shared.partnercenter.ValidationEvent;
import io.cosell.shared.partnercenter.WebhookRegistration;
import io.cosell.shared.partnercenter.WebhookRegistrationClient;
import io.cosell.shared.referral.ReferralEvents;
import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Registers one URL for the four referral events, taking over from any earlier registration (e.g. Microsoft's Power
 * Automate flow: Partner Center allows one URL per event). Idempotent: a second run changes nothing. The signature is
 * asked for in {@code x-ms-signature}, which keeps the {@code Authorization} header free behind a Function URL.
 * At deploy time it also registers {@code test-created}, without which Partner Center refuses to send its validation
 * event, and checks that the URL answers that event with 200.
 */
@ApplicationScoped
public class PartnerCenterWebhookRegistrar implements WebhookRegistrar {

    /** Left of the invocation's time for answering the caller after the last look at the validation event. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(10);

    private final WebhookRegistrationClient client;
    private final Clock clock;
    private final Duration pollInterval;

    @Inject
    public PartnerCenterWebhookRegistrar(WebhookRegistrationClient client) {
        this(client, Clock.systemUTC(), Duration.ofSeconds(2));
    }

    public PartnerCenterWebhookRegistrar(WebhookRegistrationClient client, Clock clock, Duration pollInterval) {
        this.client = client;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    @Override
    public RegistrationReport register(URI url) {
        return report(client.register(url, new LinkedHashSet<>(ReferralEvents.ALL_REFERRAL_EVENTS), true), "");
    }

    @Override
    public RegistrationReport registerAndValidate(URI url, Deadline deadline) {
        Set<String> events = new LinkedHashSet<>(ReferralEvents.ALL_REFERRAL_EVENTS);
        events.add(ReferralEvents.TEST_CREATED);
        RegistrationChange change = client.register(url, events, true);
        String correlationId = client.sendValidationEvent();
        Optional<ValidationEvent> result = awaitResult(correlationId, deadline);
        if (result.map(ValidationEvent::succeeded).orElse(false)) {
            return report(change, "; Partner Center's validation event " + correlationId + " was answered 200 OK");
        }
        throw new IllegalStateException(validationFailure(url, correlationId, result));
    }

    @Override
    public RegistrationReport show() {
        return client.current()
                .map(current -> new RegistrationReport(true, current.webhookUrl(), List.copyOf(current.webhookEvents()),
                        "registered"))
                .orElseGet(() -> new RegistrationReport(false, null, List.of(), "no webhook is registered"));
    }

    /** The validation event once it succeeded or Partner Center stopped trying, else as it stands near the deadline. */
    private Optional<ValidationEvent> awaitResult(String correlationId, Deadline deadline) {
        while (true) {
            Optional<ValidationEvent> event = client.validationEvent(correlationId);
            if (event.map(found -> found.succeeded() || found.completed() && !found.results().isEmpty()).orElse(false)) {
                return event;
            }
            if (deadline.remaining(clock.instant()).compareTo(ANSWER_MARGIN.plus(pollInterval)) <= 0) {
                return event;
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return event;
            }
        }
    }

    private static String validationFailure(URI url, String correlationId, Optional<ValidationEvent> result) {
        String outcome = result.filter(event -> !event.results().isEmpty())
                .map(event -> {
                    ValidationEvent.Attempt last = event.results().getLast();
                    return "was answered " + last.responseCode()
                            + (last.responseMessage().isBlank() ? "" : " (" + last.responseMessage() + ")")
                            + (last.systemError() ? ", a system error on Partner Center's side" : "");
                })
                .orElse("got no answer in time");
        return "The webhook is registered with Partner Center, but its validation event " + correlationId + " to " + url
                + " " + outcome + ". The webhook receiver must answer Partner Center's signed test-created event with"
                + " 200: check its log for the refused request (signature, certificate host, start-up settings), fix"
                + " it and deploy again; the registration is kept.";
    }

    private static RegistrationReport report(RegistrationChange change, String validation) {
        WebhookRegistration after = change.after();
        String message = switch (change.action()) {
            case CREATED -> "registered " + after.webhookUrl() + " (there was no registration)";
            case UPDATED -> "registered " + after.webhookUrl() + ", replacing " + change.before()
                    .map(before -> before.webhookUrl() + " for " + before.webhookEvents()).orElse("nothing");
            case UNCHANGED -> "already registered as wanted; nothing changed";
        };
        return new RegistrationReport(true, after.webhookUrl(), List.copyOf(after.webhookEvents()), message + validation);
    }
}
