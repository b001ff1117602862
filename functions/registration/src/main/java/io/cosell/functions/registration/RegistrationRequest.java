package io.cosell.functions.registration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.net.URI;

/** Direct-invoke payload: {@code {"action":"register","url":"https://..."}} or {@code {"action":"show"}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistrationRequest(String action, URI url) {
}
