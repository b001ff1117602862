package io.cosell.shared.metrics;

import io.cosell.shared.vocabulary.SyncDirection;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector's metrics, in namespace {@value #NAMESPACE}; every record carries the dimension {@code Function}
 * (the Lambda function's name). Each metric is also aggregated by {@code Function} alone, so an alarm can watch one
 * series per function.
 *
 * <table>
 *   <tr><th>metric</th><th>unit</th><th>dimensions</th><th>when</th></tr>
 *   <tr><td>{@code Syncs}, {@code SyncLatency}</td><td>Count, Milliseconds</td><td>Direction, Outcome</td>
 *       <td>every sync-queue message handled</td></tr>
 *   <tr><td>{@code Retries}</td><td>Count</td><td>Api</td><td>an API call sent again (429, 5xx, 401)</td></tr>
 *   <tr><td>{@code Throttles}</td><td>Count</td><td>Api</td><td>an API answered 429</td></tr>
 *   <tr><td>{@code DeadLetters}</td><td>Count</td><td>Direction</td>
 *       <td>a message failed on its last delivery before the dead-letter queue</td></tr>
 *   <tr><td>{@code AuthFailures}</td><td>Count</td><td>Reason</td>
 *       <td>the Partner Center sign-in is dead (invalid_grant): expired, revoked, MFA required</td></tr>
 * </table>
 */
public final class Metrics {

    public static final String NAMESPACE = "CosellConnector";

    private final EmfWriter writer;
    private final String function;

    public Metrics(EmfWriter writer, String function) {
        this.writer = writer;
        this.function = function;
    }

    /** The function's name as Lambda sets it ({@code AWS_LAMBDA_FUNCTION_NAME}), or {@code local}. */
    public static String functionName() {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name == null || name.isBlank() ? "local" : name;
    }

    public void sync(SyncDirection direction, String outcome, Duration took) {
        write(Map.of("Direction", direction.name(), "Outcome", outcome),
                new EmfWriter.Value("Syncs", 1, "Count"),
                new EmfWriter.Value("SyncLatency", took.toMillis(), "Milliseconds"));
    }

    public void retry(String api) {
        write(Map.of("Api", api), new EmfWriter.Value("Retries", 1, "Count"));
    }

    public void throttle(String api) {
        write(Map.of("Api", api), new EmfWriter.Value("Throttles", 1, "Count"));
    }

    public void deadLetter(SyncDirection direction) {
        write(Map.of("Direction", direction.name()), new EmfWriter.Value("DeadLetters", 1, "Count"));
    }

    public void authFailure(String reason) {
        write(Map.of("Reason", reason), new EmfWriter.Value("AuthFailures", 1, "Count"));
    }

    private void write(Map<String, String> specific, EmfWriter.Value... values) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Function", function);
        dimensions.putAll(specific);
        List<String> all = List.copyOf(dimensions.keySet());
        writer.write(NAMESPACE, dimensions, List.of(List.of("Function"), all), List.of(values));
    }
}
