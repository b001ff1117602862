package io.cosell.functions.registration;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import jakarta.inject.Inject;

/**
 * Direct invoke in, {@link WebhookRegistrar} call out. An unknown action or a "register" without url fails the
 * invocation with a message that says what was expected.
 */
public class RegistrationHandler implements RequestHandler<RegistrationRequest, RegistrationReport> {

    @Inject
    WebhookRegistrar registrar;

    @Override
    public RegistrationReport handleRequest(RegistrationRequest request, Context context) {
        return switch (request.action() == null ? "" : request.action()) {
            case "register" -> {
                if (request.url() == null) {
                    throw new IllegalArgumentException("action \"register\" needs a \"url\"");
                }
                yield registrar.register(request.url());
            }
            case "show" -> registrar.show();
            default -> throw new IllegalArgumentException(
                    "\"action\" must be \"register\" or \"show\", was: " + request.action());
        };
    }
}
