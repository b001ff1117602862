package io.cosell.sandbox.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one mapper of the sandbox's local Lambda service: it reads and writes event and runtime-API JSON as trees. */
public final class LocalJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private LocalJson() {
    }
}
