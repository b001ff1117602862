package io.cosell.sandbox.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How to run one function: its name, its {@code function.zip}, the handler the runtime client loads, memory
 * (sets the worker's heap and {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}), timeout, how many execution environments
 * run side by side, the region it pretends to be in, and the environment variables the function gets on top of
 * the ones Lambda sets.
 */
public record FunctionConfig(String name, Path zip, String handler, int memoryMb, Duration timeout, int concurrency,
                             String region, Map<String, String> environment) {

    /** The handler of a Funqy function.zip (quarkus-funqy-amazon-lambda). */
    public static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";

    public FunctionConfig {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        environment = Map.copyOf(environment);
    }

    /** A Funqy function with Lambda's defaults as this project deploys them: 256 MB, 15 s, one environment. */
    public static FunctionConfig funqy(String name, Path zip) {
        return new FunctionConfig(name, zip, FUNQY_HANDLER, 256, Duration.ofSeconds(15), 1, "us-east-1", Map.of());
    }

    public FunctionConfig withHandler(String value) {
        return new FunctionConfig(name, zip, value, memoryMb, timeout, concurrency, region, environment);
    }

    public FunctionConfig withMemoryMb(int value) {
        return new FunctionConfig(name, zip, handler, value, timeout, concurrency, region, environment);
    }

    public FunctionConfig withTimeout(Duration value) {
        return new FunctionConfig(name, zip, handler, memoryMb, value, concurrency, region, environment);
    }

    public FunctionConfig withConcurrency(int value) {
        return new FunctionConfig(name, zip, handler, memoryMb, timeout, value, region, environment);
    }

    public FunctionConfig withRegion(String value) {
        return new FunctionConfig(name, zip, handler, memoryMb, timeout, concurrency, value, environment);
    }

    /** Adds (or replaces) environment variables, e.g. service endpoints and configuration for the function. */
    public FunctionConfig withEnvironment(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(more);
        return new FunctionConfig(name, zip, handler, memoryMb, timeout, concurrency, region, merged);
    }

    public String functionArn() {
        return "arn:aws:lambda:" + region + ":000000000000:function:" + name;
    }
}
