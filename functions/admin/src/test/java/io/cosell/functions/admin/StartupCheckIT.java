package io.cosell.functions.admin;

import io.cosell.shared.testsupport.PackagedFunctionStart;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged admin function, started as Lambda starts it with the sync queue but without its dead-letter queue: its
 * init fails with a message naming it, and it never asks for Entra ID or Dataverse: only its doctor uses them, and
 * a doctor check reports what is missing.
 */
class StartupCheckIT {

    @Test
    void a_missing_dead_letter_queue_fails_the_start() throws Exception {
        // given
        Map<String, String> settings = Map.of("COSELL_SYNC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/cosell-sync");

        // when
        PackagedFunctionStart start = PackagedFunctionStart.withSettings(settings);

        // then
        assertThat(start.exited()).as("the function exits at start-up; output:%n%s", start.output()).isTrue();
        assertThat(start.exitValue()).isNotZero();
        assertThat(start.output()).contains("The function cannot start: required settings are not set: "
                + "cosell.sync-dlq-url (COSELL_SYNC_DLQ_URL)")
                .doesNotContain("COSELL_ENTRA_TENANT", "COSELL_DATAVERSE_API_ROOT");
    }
}
