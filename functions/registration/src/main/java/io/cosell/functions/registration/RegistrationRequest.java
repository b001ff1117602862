package io.cosell.functions.registration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.net.URI;

/** Direct-invoke payload: {@code {"action":"register","url":"https://..."}} or {@code {"action":"show"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistrationRequest(String action, URI url) {
}
