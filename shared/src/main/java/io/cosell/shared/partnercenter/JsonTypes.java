package io.cosell.shared.partnercenter;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The request and response shapes of this package's clients that Jackson binds, registered for reflection so native
 * executables can read and write them. {@code ReflectionRegistrationTest} fails when a bound type is missing here.
 */
@RegisterForReflection(targets = {HttpReferralClient.Page.class, HttpWebhookRegistrationClient.RegistrationBody.class})
final class JsonTypes {

    private JsonTypes() {
    }
}
