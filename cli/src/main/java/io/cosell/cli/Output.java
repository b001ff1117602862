package io.cosell.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.http.FailureReason;
import io.cosell.shared.json.JsonSetup;

import java.io.PrintWriter;

/** Text for people, one JSON document for scripts ({@code --json}); progress lines only in text mode. */
final class Output {

    private static final ObjectMapper JSON = JsonSetup.newMapper();

    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** A line shown while a long operation runs (text mode only). */
    void progress(String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    void line(String text) {
        if (!json) {
            out.println(text);
        }
    }

    void document(Object value) {
        if (json) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** One line saying why a command failed. */
    static String reason(Throwable e) {
        return FailureReason.oneLine(e);
    }
}
