package io.cosell.functions.webhook;

import io.cosell.shared.testsupport.PackagedFunctionStart;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged function, started as Lambda starts it but without {@code COSELL_SYNC_QUEUE_URL}: its init fails with
 * the start-up check's message, naming the missing setting and its environment variable, and nothing about
 * Dataverse or Entra ID, which the receiver does not use.
 */
class StartupCheckIT {

    @Test
    void without_its_queue_url_the_receiver_fails_to_start_naming_it() throws Exception {
        // given
        Map<String, String> settings = Map.of();

        // when
        PackagedFunctionStart start = PackagedFunctionStart.withSettings(settings);

        // then
        assertThat(start.exited()).as("the function exits at start-up; output:%n%s", start.output()).isTrue();
        assertThat(start.exitValue()).isNotZero();
        assertThat(start.output()).contains("The function cannot start: required settings are not set: "
                        + "cosell.sync-queue-url (COSELL_SYNC_QUEUE_URL)")
                .doesNotContain("COSELL_DATAVERSE_API_ROOT", "COSELL_ENTRA_TENANT");
    }
}
