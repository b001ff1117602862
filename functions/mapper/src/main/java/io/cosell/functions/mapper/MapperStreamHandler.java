package io.cosell.functions.mapper;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The mapper's Lambda handler ({@code io.cosell.functions.mapper.MapperStreamHandler::handleRequest}): Funqy's, except
 * for an SQS event without records. Funqy recognises an SQS event by its first record, so {@code {"Records":[]}}
 * would reach its batch handling as a single message and fail with a ClassCastException; it is answered here with
 * no batch item failures, the answer for a batch with nothing left to redeliver.
 */
public class MapperStreamHandler extends FunqyStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NO_FAILURES = "{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        if (isBatchWithoutRecords(event)) {
            output.write(NO_FAILURES);
            return;
        }
        super.handleRequest(new ByteArrayInputStream(event), output, context);
    }

    private static boolean isBatchWithoutRecords(byte[] event) {
        try {
            JsonNode records = JSON.readTree(event).get("Records");
            return records != null && records.isArray() && records.isEmpty();
        } catch (IOException notJson) {
            return false;
        }
    }
}
