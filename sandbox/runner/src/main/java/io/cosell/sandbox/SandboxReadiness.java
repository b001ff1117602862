package io.cosell.sandbox;

import io.cosell.sandbox.lambda.LocalFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One readiness probe per part of a started sandbox. Probes look at the part as its users do: a TCP connection to
 * an emulator or the Function URL, a call to DynamoDB Local and ElasticMQ with the AWS SDK, the execution
 * environments of each function, the registration the registration function answered at start.
 */
final class SandboxReadiness {

    static final String ENTRA = "entra-id";
    static final String PARTNER_CENTER = "partner-center";
    static final String DATAVERSE = "dataverse";
    static final String DYNAMODB = "dynamodb";
    static final String SQS = "sqs";
    static final String RECEIVER_URL = "webhook-receiver-url";
    static final String REGISTRATION = "webhook-registration";

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final Map<String, Supplier<PartReadiness>> probes = new LinkedHashMap<>();

    private SandboxReadiness() {
    }

    /** The probes of a started sandbox, in {@link Sandbox#PARTS} order. */
    static SandboxReadiness probing(Sandbox sandbox, DynamoDbClient dynamoDb, SqsClient sqs, List<LocalFunction> functions) {
        SandboxReadiness readiness = new SandboxReadiness();
        readiness.add(ENTRA, () -> listening(ENTRA, sandbox.entra().server().baseUri()));
        readiness.add(PARTNER_CENTER, () -> listening(PARTNER_CENTER, sandbox.partnerCenter().baseUri()));
        readiness.add(DATAVERSE, () -> listening(DATAVERSE, sandbox.dataverse().apiRoot()));
        readiness.add(DYNAMODB, () -> {
            if (!sandbox.dynamoDb().isAlive()) {
                return PartReadiness.down(DYNAMODB, "the DynamoDB Local process has ended");
            }
            String status = dynamoDb.describeTable(b -> b.tableName(Sandbox.SYNC_TABLE)).table().tableStatusAsString();
            return PartReadiness.up(DYNAMODB, Map.of("url", sandbox.dynamoDb().endpoint().toString(),
                    "table", Sandbox.SYNC_TABLE + " " + status));
        });
        readiness.add(SQS, () -> {
            if (!sandbox.sqs().isAlive()) {
                return PartReadiness.down(SQS, "the ElasticMQ process has ended");
            }
            return PartReadiness.up(SQS, Map.of("url", sandbox.sqs().queueUrl(Sandbox.SYNC_QUEUE),
                    "messages", visibleMessages(sqs, sandbox.sqs().queueUrl(Sandbox.SYNC_QUEUE)),
                    "dead letters", visibleMessages(sqs, sandbox.sqs().queueUrl(Sandbox.SYNC_DLQ))));
        });
        for (LocalFunction function : functions) {
            readiness.add(functionCheckName(function.name()), () -> function(function));
        }
        readiness.add(RECEIVER_URL, () -> listening(RECEIVER_URL, sandbox.receiverUrl()));
        readiness.add(REGISTRATION, () -> sandbox.registrationReport().path("registered").asBoolean()
                ? PartReadiness.up(REGISTRATION, Map.of("url", sandbox.receiverUrl().toString()))
                : PartReadiness.down(REGISTRATION, sandbox.registration()));
        return readiness;
    }

    private static String visibleMessages(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    private void add(String name, Supplier<PartReadiness> probe) {
        probes.put(name, () -> {
            try {
                return probe.get();
            } catch (RuntimeException e) {
                return PartReadiness.down(name, String.valueOf(e.getMessage()));
            }
        });
    }

    List<PartReadiness> check() {
        List<PartReadiness> results = new ArrayList<>();
        probes.values().forEach(probe -> results.add(probe.get()));
        return results;
    }

    PartReadiness check(String name) {
        Supplier<PartReadiness> probe = probes.get(name);
        if (probe == null) {
            throw new IllegalArgumentException("no sandbox part named " + name + "; parts: " + probes.keySet());
        }
        return probe.get();
    }

    static String functionCheckName(String functionName) {
        return "function-" + functionName;
    }

    private static PartReadiness listening(String name, URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MILLIS);
            return PartReadiness.up(name, Map.of("url", uri.toString()));
        } catch (IOException e) {
            return PartReadiness.down(name, "nothing listens on " + uri.getHost() + ":" + uri.getPort() + " (" + e.getMessage() + ")");
        }
    }

    private static PartReadiness function(LocalFunction function) {
        String name = functionCheckName(function.name());
        int ready = function.readyEnvironments();
        int wanted = function.config().concurrency();
        Map<String, String> data = Map.of(
                "environments", ready + "/" + wanted,
                "invocations", Long.toString(function.invocations()));
        return new PartReadiness(name, ready == wanted, data);
    }
}
