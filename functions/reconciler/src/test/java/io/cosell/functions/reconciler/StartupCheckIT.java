package io.cosell.functions.reconciler;

import io.cosell.shared.testsupport.PackagedFunctionStart;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged reconciler, started as Lambda starts it with a queue but without Entra ID settings: its init fails
 * with one message naming them, and it never asks for Dataverse or a mapping, which it does not use.
 */
class StartupCheckIT {

    @Test
    void missing_entra_settings_fail_the_start_in_one_message() throws Exception {
        // given
        Map<String, String> settings = Map.of("COSELL_SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/cosell-sync");

        // when
        PackagedFunctionStart start = PackagedFunctionStart.withSettings(settings);

        // then
        assertThat(start.exited()).as("the function exits at start-up; output:%n%s", start.output()).isTrue();
        assertThat(start.exitValue()).isNotZero();
        assertThat(start.output()).contains("The function cannot start: required settings are not set: "
                + "cosell.entra.tenant (COSELL_ENTRA_TENANT), cosell.entra.client-id (COSELL_ENTRA_CLIENT_ID)")
                .doesNotContain("COSELL_SYNC_QUEUE_URL", "COSELL_DATAVERSE_API_ROOT", "cosell.mapping");
    }
}
