package io.cosell.functions.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * The parts of a Lambda Function URL request (payload format 2.0) the receiver reads: the headers as sent (Lambda
 * lower-cases their names; a direct invoke may not), the body as text or base64 ({@code isBase64Encoded}) and
 * when the request arrived ({@code requestContext.timeEpoch}, epoch milliseconds).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionUrlRequest(Map<String, String> headers, String body,
                                 @JsonProperty("isBase64Encoded") boolean base64Encoded,
                                 RequestContext requestContext) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestContext(long timeEpoch) {
    }
}
