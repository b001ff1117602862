package io.cosell.shared.usecase;

import java.net.URI;

/**
 * The webhook registration as part of a deployment: a CloudFormation custom resource (SAM) or an
 * {@code aws_lambda_invocation} with {@code lifecycle_scope = "CRUD"} (Terraform). Create and update register the
 * URL and check it with Partner Center's validation event; delete leaves Partner Center's registration as it is.
 */
public interface DeployTimeRegistration {

    /**
     * Handles the request and answers CloudFormation at its {@code ResponseURL} (SUCCESS, or FAILED with the reason;
     * delete always SUCCESS). Throws only when CloudFormation could not be answered.
     */
    RegistrationReport answer(CustomResourceRequest request, Deadline deadline);

    /**
     * Terraform's {@code tf.action} ({@code create}, {@code update} or {@code delete}) for {@code url}. A failed
     * registration or validation throws, which fails the invocation and so the {@code terraform apply}.
     */
    RegistrationReport terraform(String action, URI url, Deadline deadline);
}
