package io.cosell.functions.registration;

import java.net.URI;

/** Direct-invoke payload: {@code {"action":"register","url":"https://..."}} or {@code {"action":"show"}}. */
public record RegistrationRequest(String action, URI url) {
}
