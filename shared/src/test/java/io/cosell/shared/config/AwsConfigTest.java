package io.cosell.shared.config;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code cosell.aws.*} and queue settings as Quarkus reads them, with the environment as a config source. */
class AwsConfigTest {

    private static AwsConfig read(Map<String, String> environment, Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // as Quarkus: ${...} expressions expanded
                .withMapping(AwsConfig.class)
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .build();
        return config.getConfigMapping(AwsConfig.class);
    }

    @Test
    void the_region_is_the_one_lambda_sets() {
        // when
        AwsConfig config = read(Map.of("AWS_REGION", "eu-west-1"), Map.of());

        // then
        assertThat(config.aws().region()).isEqualTo("eu-west-1");
    }

    @Test
    void a_configured_region_wins_over_lambdas() {
        // when
        AwsConfig config = read(Map.of("AWS_REGION", "eu-west-1", "COSELL_AWS_REGION", "eu-central-1"), Map.of());

        // then
        assertThat(config.aws().region()).isEqualTo("eu-central-1");
    }

    @Test
    void outside_lambda_without_a_region_it_is_us_east_1() {
        // when
        AwsConfig config = read(Map.of(), Map.of());

        // then
        assertThat(config.aws().region()).isEqualTo("us-east-1");
    }

    @Test
    void the_queue_url_has_no_default() {
        // when
        AwsConfig unset = read(Map.of(), Map.of());
        AwsConfig set = read(Map.of("COSELL_SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/cosell-sync"),
                Map.of());

        // then
        assertThat(unset.syncQueueUrl()).isEmpty();
        assertThat(set.syncQueueUrl()).contains("https://sqs.eu-west-1.amazonaws.com/1/cosell-sync");
    }
}
