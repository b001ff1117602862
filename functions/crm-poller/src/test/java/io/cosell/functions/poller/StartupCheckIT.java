package io.cosell.functions.poller;

import io.cosell.shared.testsupport.PackagedFunctionStart;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged poller, started as Lambda starts it with a queue but without Dataverse and Entra ID settings and with
 * a mapping it cannot use: its init fails with one message naming every missing setting and the mapping's problems.
 */
class StartupCheckIT {

    @Test
    void missing_settings_and_a_bad_mapping_fail_the_start_in_one_message() throws Exception {
        // given
        Map<String, String> settings = Map.of("COSELL_SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/cosell-sync",
                "COSELL_MAPPING_JSON", "{\"dealValueColumn\": \" \"}");

        // when
        PackagedFunctionStart start = PackagedFunctionStart.withSettings(settings);

        // then
        assertThat(start.exited()).as("the function exits at start-up; output:%n%s", start.output()).isTrue();
        assertThat(start.exitValue()).isNotZero();
        assertThat(start.output()).contains("The function cannot start: required settings are not set: "
                + "cosell.dataverse.api-root (COSELL_DATAVERSE_API_ROOT), cosell.entra.tenant (COSELL_ENTRA_TENANT), "
                + "cosell.entra.client-id (COSELL_ENTRA_CLIENT_ID); the mapping (cosell.mapping.json / "
                + "cosell.mapping.file) is not usable: Invalid mapping configuration: dealValueColumn is empty")
                .doesNotContain("COSELL_SYNC_QUEUE_URL");
    }
}
