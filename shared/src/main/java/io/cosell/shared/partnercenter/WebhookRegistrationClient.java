package io.cosell.shared.partnercenter;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Partner Center webhooks registration API ({@code /webhooks/v1/registration}). */
public interface WebhookRegistrationClient {

    /** The current registration; empty when the tenant has none. */
    Optional<WebhookRegistration> current();

    /**
     * Makes the registration exactly {@code url} + {@code events} + signature header mode, idempotently: creates it
     * when there is none, replaces it when it differs (Partner Center allows one URL per event, so this overwrites
     * any other endpoint), and sends nothing when it is already so.
     */
    RegistrationChange register(URI url, Set<String> events, boolean signatureInMsSignatureHeader);

    /**
     * Asks Partner Center to send a {@code test-created} event to the registered URL (the registration must include
     * that event); returns its correlation id. Partner Center allows two requests a minute.
     */
    String sendValidationEvent();

    /** The delivery attempts of a validation event so far; empty while Partner Center does not know it yet. */
    Optional<ValidationEvent> validationEvent(String correlationId);

    /** The event names Partner Center can send. */
    List<String> supportedEvents();
}
