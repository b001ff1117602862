package io.cosell.shared.partnercenter;

import java.util.Optional;

/** What {@link WebhookRegistrationClient#register} found and left behind. */
public record RegistrationChange(Optional<WebhookRegistration> before, WebhookRegistration after, Action action) {

    public enum Action {
        /** There was no registration; one was created. */
        CREATED,
        /** A different registration (e.g. Power Automate's) was replaced. */
        UPDATED,
        /** The registration was already as wanted; nothing was sent. */
        UNCHANGED
    }
}
