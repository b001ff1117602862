package io.cosell.shared.config;

import io.cosell.shared.queue.RetryBackoff;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long a sync message that failed waits before the queue delivers it again ({@link RetryBackoff}):
 * {@code COSELL_SYNC_REDELIVERY_FIRST_DELAY} after the first receive, four times longer after each further one, at
 * most {@code COSELL_SYNC_REDELIVERY_MAX_DELAY}. docs/reliability.md, "Time budgets", explains the defaults.
 */
@ConfigMapping(prefix = "cosell.sync.redelivery")
public interface RedeliveryConfig {

    @WithDefault("20s")
    Duration firstDelay();

    @WithDefault("15m")
    Duration maxDelay();

    default RetryBackoff backoff() {
        return new RetryBackoff(firstDelay(), maxDelay());
    }
}
