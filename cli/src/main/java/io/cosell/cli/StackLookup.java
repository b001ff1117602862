package io.cosell.cli;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Reads a deployed stack with CloudFormation's DescribeStacks, with the default AWS credentials chain and the given
 * region (else the default region chain: AWS_REGION, the profile's region). An endpoint override (a local stand-in)
 * signs with static dummy credentials, as the other AWS clients do.
 */
final class StackLookup {

    private StackLookup() {
    }

    static DeployedStack describe(String stackName, Optional<String> region, Optional<URI> endpoint) {
        String regionName = region.orElseGet(() -> defaultRegion(stackName));
        CloudFormationClientBuilder builder = CloudFormationClient.builder().region(Region.of(regionName))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        endpoint.ifPresentOrElse(e -> builder.endpointOverride(e)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> builder.credentialsProvider(defaultCredentials(stackName)));
        try (CloudFormationClient cloudFormation = builder.build()) {
            List<Stack> stacks = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks();
            if (stacks.isEmpty()) {
                throw notFound(stackName, regionName);
            }
            return DeployedStack.of(regionName, stacks.getFirst());
        } catch (CloudFormationException e) {
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            if (e.statusCode() == 400 && message != null && message.contains("does not exist")) {
                throw notFound(stackName, regionName);
            }
            throw new IllegalStateException("cannot read the stack " + stackName + " (" + regionName + "): " + message, e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the stack " + stackName + " (" + regionName + "): "
                    + e.getMessage(), e);
        }
    }

    private static IllegalStateException notFound(String stackName, String region) {
        return new IllegalStateException("no CloudFormation stack " + stackName + " in " + region
                + " for these AWS credentials (check --stack, --region and the AWS account)");
    }

    /** The default chain, resolved now: its own failure lists every provider it tried, in one very long line. */
    private static AwsCredentialsProvider defaultCredentials(String stackName) {
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            chain.resolveCredentials();
            return chain;
        } catch (SdkException e) {
            chain.close();
            throw new IllegalStateException("no AWS credentials to read the stack " + stackName + ": set AWS_PROFILE "
                    + "(e.g. after aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", e);
        }
    }

    private static String defaultRegion(String stackName) {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            throw new IllegalStateException("no AWS region to look up the stack " + stackName
                    + ": --region or AWS_REGION (or a region in the AWS profile)", e);
        }
    }
}
