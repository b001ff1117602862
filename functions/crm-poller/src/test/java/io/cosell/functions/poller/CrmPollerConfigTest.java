package io.cosell.functions.poller;

import io.cosell.shared.config.CrmPollerConfig;
import io.cosell.shared.sync.poll.ChangeDetection;
import io.cosell.shared.sync.poll.CrmPollSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code cosell.crm-poller.*} names, values and defaults, as Quarkus reads them. */
class CrmPollerConfigTest {

    private static CrmPollerConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(CrmPollerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(CrmPollerConfig.class);
    }

    @Test
    void defaults_are_change_tracking_and_the_default_settings() {
        // when
        CrmPollerConfig config = read(Map.of());

        // then
        CrmPollSettings defaults = CrmPollSettings.defaults();
        assertThat(config.mode()).isEqualTo(ChangeDetection.CHANGE_TRACKING);
        assertThat(config.leaseDuration()).isEqualTo(defaults.leaseDuration());
        assertThat(config.runTimeLimit()).isEqualTo(defaults.runTimeLimit());
        assertThat(config.maxRowsPerRun()).isEqualTo(defaults.maxRowsPerRun());
        assertThat(config.dedupeTtl()).isEqualTo(defaults.dedupeTtl());
        assertThat(config.modifiedonOverlap()).isEqualTo(defaults.modifiedOnOverlap());
        assertThat(config.extraWatchedColumns()).isEmpty();
    }

    @Test
    void every_setting_is_read_from_its_name() {
        // when
        CrmPollerConfig config = read(Map.of(
                "cosell.crm-poller.mode", "modifiedon",
                "cosell.crm-poller.lease-duration", "5m",
                "cosell.crm-poller.run-time-limit", "4m",
                "cosell.crm-poller.max-rows-per-run", "250",
                "cosell.crm-poller.dedupe-ttl", "1d",
                "cosell.crm-poller.modifiedon-overlap", "2m",
                "cosell.crm-poller.extra-watched-columns", "new_region,new_segment"));

        // then
        assertThat(config.mode()).isEqualTo(ChangeDetection.MODIFIEDON);
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.runTimeLimit()).isEqualTo(Duration.ofMinutes(4));
        assertThat(config.maxRowsPerRun()).isEqualTo(250);
        assertThat(config.dedupeTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(config.modifiedonOverlap()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.extraWatchedColumns()).contains(List.of("new_region", "new_segment"));
    }
}
