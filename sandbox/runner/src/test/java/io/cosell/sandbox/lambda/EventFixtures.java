package io.cosell.sandbox.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JSON event fixtures of a function ({@code functions/<function>/src/test/resources/events/}), which the event
 * shape ITs send through the real function.zip: one file per documented shape of the function's trigger.
 */
public final class EventFixtures {

    private EventFixtures() {
    }

    public static Path directory(String function) {
        return Path.of(System.getProperty("cosell.functions.sources", "../../functions"), function, "src", "test",
                "resources", "events");
    }

    /** The fixture file names, sorted. */
    public static List<String> names(String function) {
        try (Stream<Path> files = Files.list(directory(function))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(String function, String name) {
        try {
            return Files.readString(directory(function).resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
