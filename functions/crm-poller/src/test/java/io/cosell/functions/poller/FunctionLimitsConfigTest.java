package io.cosell.functions.poller;

import io.cosell.shared.config.FunctionLimitsConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code cosell.function.*} names, values and defaults, as Quarkus reads them. */
class FunctionLimitsConfigTest {

    private static FunctionLimitsConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(FunctionLimitsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(FunctionLimitsConfig.class);
    }

    @Test
    void defaults_are_lambdas_3_seconds_and_batches_of_10() {
        // when
        FunctionLimitsConfig config = read(Map.of());

        // then
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.batchSize()).isEqualTo(10);
    }

    @Test
    void the_timeout_is_read_as_the_sandbox_and_a_stack_write_it() {
        // when
        FunctionLimitsConfig iso = read(Map.of("cosell.function.timeout", "PT1M", "cosell.function.batch-size", "5"));
        FunctionLimitsConfig seconds = read(Map.of("cosell.function.timeout", "900s"));

        // then
        assertThat(iso.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(iso.batchSize()).isEqualTo(5);
        assertThat(seconds.timeout()).isEqualTo(Duration.ofMinutes(15));
    }
}
