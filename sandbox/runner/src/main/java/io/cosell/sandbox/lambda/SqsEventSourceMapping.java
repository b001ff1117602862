package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Lambda's SQS event source mapping with {@code ReportBatchItemFailures}: long-polls the queue, hands up to
 * {@code batchSize} messages to the function as one {@code aws:sqs} event, with at most {@code maximumConcurrency}
 * invocations at once (the event source mapping's {@code ScalingConfig.MaximumConcurrency}: that many pollers, each
 * waiting for its invocation before it receives again), then deletes every message the
 * function did not list in {@code batchItemFailures}. When the invocation fails, or its answer is not a valid
 * batch response, no message is deleted. Messages left on the queue become visible again after the queue's
 * visibility timeout; moving them to a dead-letter queue after maxReceiveCount is the queue's redrive policy.
 * The queue ARN is derived from the queue URL ({@code .../<account>/<name>}).
 */
public final class SqsEventSourceMapping implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SqsEventSourceMapping.class.getName());
    private static final ObjectMapper JSON = LocalJson.MAPPER;

    /** Batch size (1..10), long-poll wait, invocations at once, and the region written into each record. */
    public record Settings(int batchSize, Duration waitTime, int maximumConcurrency, String region) {

        public Settings {
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("batchSize must be 1..10, was " + batchSize);
            }
            if (maximumConcurrency < 1) {
                throw new IllegalArgumentException("maximumConcurrency must be at least 1, was " + maximumConcurrency);
            }
        }

        public static Settings defaults() {
            return new Settings(10, Duration.ofSeconds(5), 1, "us-east-1");
        }

        public Settings withBatchSize(int value) {
            return new Settings(value, waitTime, maximumConcurrency, region);
        }

        public Settings withWaitTime(Duration value) {
            return new Settings(batchSize, value, maximumConcurrency, region);
        }

        public Settings withMaximumConcurrency(int value) {
            return new Settings(batchSize, waitTime, value, region);
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final FunctionInvoker function;
    private final Settings settings;
    private final List<Thread> pollers;
    private volatile boolean running = true;

    private SqsEventSourceMapping(SqsClient sqs, String queueUrl, FunctionInvoker function, Settings settings) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn(queueUrl, settings.region());
        this.function = function;
        this.settings = settings;
        this.pollers = IntStream.range(0, settings.maximumConcurrency())
                .mapToObj(index -> Thread.ofVirtual().name("sqs-esm-" + queueArn + "-" + index).unstarted(this::pollLoop))
                .toList();
    }

    public static SqsEventSourceMapping start(SqsClient sqs, String queueUrl, FunctionInvoker function, Settings settings) {
        SqsEventSourceMapping mapping = new SqsEventSourceMapping(sqs, queueUrl, function, settings);
        mapping.pollers.forEach(Thread::start);
        return mapping;
    }

    private void pollLoop() {
        while (running) {
            try {
                ReceiveMessageResponse received = sqs.receiveMessage(request -> request
                        .queueUrl(queueUrl)
                        .maxNumberOfMessages(settings.batchSize())
                        .waitTimeSeconds((int) settings.waitTime().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"));
                if (received.hasMessages() && !received.messages().isEmpty()) {
                    deliver(received.messages());
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "polling {0} failed, retrying: {1}", queueUrl, e.getMessage());
                    pause();
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        Invocation invocation = function.invoke(event(messages).toString().getBytes(StandardCharsets.UTF_8)).join();
        if (!invocation.succeeded()) {
            LOG.log(System.Logger.Level.WARNING, "function failed on a batch of {0} from {1}, nothing deleted: {2}",
                    messages.size(), queueArn, invocation.error().errorMessage());
            return;
        }
        Set<String> failed;
        try {
            failed = failedMessageIds(invocation.payload());
        } catch (IOException | IllegalArgumentException invalid) {
            LOG.log(System.Logger.Level.WARNING, "unreadable batch response, nothing deleted: {0}", invalid.getMessage());
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = messages.stream()
                .filter(message -> !failed.contains(message.messageId()))
                .map(message -> DeleteMessageBatchRequestEntry.builder()
                        .id(message.messageId()).receiptHandle(message.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(done));
        }
    }

    /** Lambda's rules: an empty answer or no/empty {@code batchItemFailures} means all succeeded. */
    private static Set<String> failedMessageIds(byte[] payload) throws IOException {
        Set<String> failed = new HashSet<>();
        if (payload.length == 0) {
            return failed;
        }
        JsonNode response = JSON.readTree(payload);
        if (response == null || response.isNull()) {
            return failed;
        }
        JsonNode failures = response.path("batchItemFailures");
        if (failures.isMissingNode() || failures.isNull()) {
            return failed;
        }
        if (!failures.isArray()) {
            throw new IllegalArgumentException("batchItemFailures is not a list");
        }
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            if (id.isBlank()) {
                throw new IllegalArgumentException("a batch item failure has no itemIdentifier");
            }
            failed.add(id);
        }
        return failed;
    }

    private ObjectNode event(List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject()
                    .put("messageId", message.messageId())
                    .put("receiptHandle", message.receiptHandle())
                    .put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, messageAttribute(value)));
            record.put("md5OfBody", message.md5OfBody())
                    .put("eventSource", "aws:sqs")
                    .put("eventSourceARN", queueArn)
                    .put("awsRegion", settings.region());
        }
        return event;
    }

    private static ObjectNode messageAttribute(MessageAttributeValue value) {
        ObjectNode attribute = JSON.createObjectNode();
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        attribute.putArray("stringListValues");
        attribute.putArray("binaryListValues");
        attribute.put("dataType", value.dataType());
        return attribute;
    }

    static String queueArn(String queueUrl, String region) {
        String[] segments = URI.create(queueUrl).getPath().split("/");
        String account = segments.length >= 3 ? segments[segments.length - 2] : "000000000000";
        return "arn:aws:sqs:" + region + ":" + account + ":" + segments[segments.length - 1];
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
        try {
            for (Thread poller : pollers) {
                poller.join(settings.waitTime().plusSeconds(5).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
