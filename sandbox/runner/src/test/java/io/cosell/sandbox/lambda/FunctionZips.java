package io.cosell.sandbox.lambda;

import java.nio.file.Path;

/** The function.zip files Maven copied into target/functions/ for the integration tests. */
public final class FunctionZips {

    private FunctionZips() {
    }

    public static Path of(String artifactId) {
        String directory = System.getProperty("cosell.functions.directory", "target/functions");
        return Path.of(directory, artifactId + "-function.zip");
    }
}
