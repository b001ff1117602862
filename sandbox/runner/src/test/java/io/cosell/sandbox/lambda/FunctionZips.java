package io.cosell.sandbox.lambda;

import java.nio.file.Path;

/** The function.zip files Maven copied into target/functions/ for the integration tests. */
public final class FunctionZips {

    private FunctionZips() {
    }

    public static Path of(String artifactId) {
        return directory().resolve(artifactId + "-function.zip");
    }

    public static Path directory() {
        return Path.of(System.getProperty("cosell.functions.directory", "target/functions"));
    }
}
