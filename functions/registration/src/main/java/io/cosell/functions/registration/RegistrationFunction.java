package io.cosell.functions.registration;

import io.cosell.shared.usecase.Deadline;
import io.cosell.shared.usecase.DeployTimeRegistration;
import io.cosell.shared.usecase.InvocationDeadline;
import io.cosell.shared.usecase.RegistrationReport;
import io.cosell.shared.usecase.WebhookRegistrar;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Set;

/**
 * A CloudFormation custom resource request or a Terraform CRUD invocation goes to {@link DeployTimeRegistration};
 * a direct invoke to one {@link WebhookRegistrar} call. An unknown or missing action, or a "register" without an
 * absolute http(s) url, fails the invocation with a message that says what was expected.
 */
public class RegistrationFunction {

    private static final Logger LOG = Logger.getLogger(RegistrationFunction.class);

    @Inject
    WebhookRegistrar registrar;

    @Inject
    DeployTimeRegistration deployTime;

    @Inject
    InvocationDeadline invocationDeadline;

    @Funq("registration")
    public RegistrationReport register(RegistrationRequest request) {
        Deadline deadline = invocationDeadline.start();
        if (request != null && request.isCustomResource()) {
            LOG.infof("CloudFormation %s of %s", request.requestType(), request.logicalResourceId());
            return deployTime.answer(request.customResource(), deadline);
        }
        if (request != null && request.isTerraform()) {
            LOG.infof("Terraform %s", request.tf().action());
            return deployTime.terraform(request.tf().action(), request.url(), deadline);
        }
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
