package io.cosell.shared.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Writes CloudWatch embedded metric format (EMF) records: one JSON object per line on standard output, which Lambda
 * sends to CloudWatch Logs, where CloudWatch extracts the metrics without any API call from the function. Each record
 * is {@code {"_aws": {"Timestamp": <epoch ms>, "CloudWatchMetrics": [{"Namespace", "Dimensions", "Metrics"}]}, ...}}
 * with every dimension and metric value as a top-level member (AWS, "Specification: Embedded metric format").
 */
public final class EmfWriter {

    private final PrintStream out;
    private final Clock clock;
    private final ObjectMapper json;

    public EmfWriter(PrintStream out, Clock clock, ObjectMapper json) {
        this.out = out;
        this.clock = clock;
        this.json = json;
    }

    /** A metric value with its CloudWatch unit ({@code Count}, {@code Milliseconds}). */
    public record Value(String name, double value, String unit) {
    }

    /**
     * One record: the values under {@code namespace}, aggregated by each of {@code dimensionSets} (names taken from
     * {@code dimensions}).
     */
    public void write(String namespace, Map<String, String> dimensions, List<List<String>> dimensionSets,
                      List<Value> values) {
        ObjectNode record = json.createObjectNode();
        ObjectNode aws = record.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode sets = directive.putArray("Dimensions");
        dimensionSets.forEach(set -> set.forEach(sets.addArray()::add));
        ArrayNode metrics = directive.putArray("Metrics");
        for (Value value : values) {
            metrics.addObject().put("Name", value.name()).put("Unit", value.unit());
        }
        dimensions.forEach(record::put);
        for (Value value : values) {
            record.put(value.name(), value.value());
        }
        String line;
        try {
            line = json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a metrics record always serialises", e);
        }
        synchronized (out) {
            out.println(line);
        }
    }
}
