package io.cosell.shared.config;

import io.cosell.shared.config.RequiredSettings.Need;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredSettingsTest {

    private static final RequiredSettings NONE = new RequiredSettings(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    @Test
    void every_missing_setting_of_the_needed_parts_is_named_with_its_environment_variable() {
        // when / then
        assertThat(NONE.missing(EnumSet.allOf(Need.class))).containsExactly(
                "cosell.sync-table (COSELL_SYNC_TABLE)",
                "cosell.sync-queue-url (COSELL_SYNC_QUEUE_URL)",
                "cosell.dataverse.api-root (COSELL_DATAVERSE_API_ROOT)",
                "cosell.entra.tenant (COSELL_ENTRA_TENANT)",
                "cosell.entra.client-id (COSELL_ENTRA_CLIENT_ID)",
                "cosell.sync-dlq-url (COSELL_SYNC_DLQ_URL)");
    }

    @Test
    void only_the_needed_parts_count_and_blank_is_missing() {
        // given
        RequiredSettings settings = new RequiredSettings(Optional.of("cosell-sync"), Optional.of(" "),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        // when / then
        assertThat(settings.missing(Set.of(Need.STATE_TABLE, Need.SYNC_QUEUE)))
                .containsExactly("cosell.sync-queue-url (COSELL_SYNC_QUEUE_URL)");
    }

    @Test
    void nothing_is_missing_when_everything_is_set() {
        // given
        RequiredSettings settings = new RequiredSettings(Optional.of("cosell-sync"),
                Optional.of("https://sqs.eu-west-1.amazonaws.com/1/cosell-sync"),
                Optional.of(URI.create("https://contoso.crm4.dynamics.com/api/data/v9.2/")), Optional.of("tenant"),
                Optional.of("client"), Optional.of("https://sqs.eu-west-1.amazonaws.com/1/cosell-sync-dlq"));

        // when / then
        assertThat(settings.missing(EnumSet.allOf(Need.class))).isEmpty();
    }
}
