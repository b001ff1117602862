package io.cosell.functions.registration;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Set;

/**
 * Direct invoke in, one {@link WebhookRegistrar} call out. An unknown or missing action, or a "register" without
 * an absolute http(s) url, fails the invocation with a message that says what was expected (a direct invoke is not
 * retried by Lambda: the caller sees the message). Other fields, such as the {@code tf} block a Terraform
 * {@code aws_lambda_invocation} adds, are ignored.
 */
public class RegistrationFunction {

    private static final Logger LOG = Logger.getLogger(RegistrationFunction.class);

    @Inject
    WebhookRegistrar registrar;

    @Inject
    InvocationDeadline invocationDeadline;

    @Funq("registration")
    public RegistrationReport register(RegistrationRequest request) {
        Deadline deadline = invocationDeadline.start();
        String action = request == null ? null : request.action();
        LOG.debugf("action %s, invocation deadline %s", action, deadline.at());
        if (action == null) {
            throw new IllegalArgumentException("\"action\" is missing: it must be \"register\" or \"show\"");
        }
        return switch (action) {
            case "register" -> {
                if (request.url() == null) {
                    throw new IllegalArgumentException("action \"register\" needs a \"url\"");
                }
                if (request.url().getHost() == null
                        || !Set.of("http", "https").contains(request.url().getScheme().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("\"url\" must be an absolute http(s) URL (the webhook "
                            + "receiver's Function URL), was: " + request.url());
                }
                yield registrar.register(request.url());
            }
            case "show" -> registrar.show();
            default -> throw new IllegalArgumentException(
                    "\"action\" must be \"register\" or \"show\", was: " + action);
        };
    }
}
