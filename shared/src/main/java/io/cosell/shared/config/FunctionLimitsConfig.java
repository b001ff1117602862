package io.cosell.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * What the deployment tells a function about its own Lambda settings, which Funqy does not pass in:
 * {@code COSELL_FUNCTION_TIMEOUT} (the function's timeout) and {@code COSELL_FUNCTION_BATCH_SIZE} (the largest
 * batch its event source mapping hands it). The defaults are Lambda's: a 3 s timeout and SQS batches of 10.
 */
@ConfigMapping(prefix = "cosell.function")
public interface FunctionLimitsConfig {

    @WithDefault("3s")
    Duration timeout();

    @WithDefault("10")
    int batchSize();
}
