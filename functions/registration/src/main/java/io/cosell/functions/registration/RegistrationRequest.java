package io.cosell.functions.registration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cosell.shared.usecase.CustomResourceRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.net.URI;

/**
 * What invokes the registration function, in one of three shapes:
 * <ul>
 *   <li>a direct invoke: {@code {"action":"register","url":"https://..."}} or {@code {"action":"show"}};</li>
 *   <li>a CloudFormation custom resource request ({@code RequestType}, {@code ResponseURL}, ...,
 *       {@code ResourceProperties.WebhookUrl});</li>
 *   <li>Terraform's {@code aws_lambda_invocation} with {@code lifecycle_scope = "CRUD"}: the direct-invoke input plus
 *       {@code "tf": {"action": "create"|"update"|"delete", "prev_input": ...}}.</li>
 * </ul>
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistrationRequest(String action, URI url,
                                  @JsonProperty("RequestType") String requestType,
                                  @JsonProperty("ResponseURL") URI responseUrl,
                                  @JsonProperty("StackId") String stackId,
                                  @JsonProperty("RequestId") String requestId,
                                  @JsonProperty("LogicalResourceId") String logicalResourceId,
                                  @JsonProperty("PhysicalResourceId") String physicalResourceId,
                                  @JsonProperty("ResourceProperties") ResourceProperties resourceProperties,
                                  @JsonProperty("tf") TerraformLifecycle tf) {

    /** The custom resource's properties (CloudFormation sends every value as a string). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResourceProperties(@JsonProperty("WebhookUrl") URI webhookUrl) {
    }

    /** What Terraform adds with {@code lifecycle_scope = "CRUD"}; {@code prev_input} is not needed. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TerraformLifecycle(String action) {
    }

    boolean isCustomResource() {
        return requestType != null;
    }

    boolean isTerraform() {
        return tf != null;
    }

    CustomResourceRequest customResource() {
        return new CustomResourceRequest(requestType, responseUrl, stackId, requestId, logicalResourceId,
                physicalResourceId, resourceProperties == null ? null : resourceProperties.webhookUrl());
    }
}
