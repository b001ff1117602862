package io.cosell.shared.usecase;

import java.net.URI;

/**
 * A CloudFormation custom resource request for the webhook registration: the documented request fields the answer
 * needs, and the resource's {@code WebhookUrl} property (absent on a malformed request).
 */
public record CustomResourceRequest(String requestType, URI responseUrl, String stackId, String requestId,
                                    String logicalResourceId, String physicalResourceId, URI webhookUrl) {
}
