package io.cosell.shared.aws;

import java.net.URI;
import java.util.Optional;

/**
 * Where the AWS clients connect.
 *
 * @param region           e.g. {@code eu-west-1}
 * @param endpointOverride a local stand-in (DynamoDB Local, ElasticMQ), or empty for the real service; with an
 *                         override the clients use static dummy credentials, otherwise the default credentials chain
 */
public record AwsClientSettings(String region, Optional<URI> endpointOverride) {

    public AwsClientSettings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("an AWS region is required");
        }
    }

    public static AwsClientSettings aws(String region) {
        return new AwsClientSettings(region, Optional.empty());
    }

    public static AwsClientSettings local(URI endpoint) {
        return new AwsClientSettings("us-east-1", Optional.of(endpoint));
    }
}
