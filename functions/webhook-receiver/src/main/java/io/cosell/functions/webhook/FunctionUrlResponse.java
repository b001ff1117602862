package io.cosell.functions.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/** A Lambda Function URL response: status code, headers, body (text, or base64 when {@code isBase64Encoded}). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionUrlResponse(int statusCode, Map<String, String> headers, String body,
                                  @JsonProperty("isBase64Encoded") boolean base64Encoded) {

    public FunctionUrlResponse {
        headers = headers == null ? null : Map.copyOf(headers);
    }
}
