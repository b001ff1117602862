package io.cosell.shared.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.config.RequiredSettings.Need;
import io.cosell.shared.crm.DataverseClient;
import io.cosell.shared.mapping.MappingConfig;
import io.cosell.shared.partnercenter.ReferralClient;
import io.cosell.shared.partnercenter.WebhookRegistrationClient;
import io.cosell.shared.queue.DeadLetterQueue;
import io.cosell.shared.queue.RetryBackoff;
import io.cosell.shared.queue.SyncQueue;
import io.cosell.shared.state.SyncStateStore;
import io.cosell.shared.usecase.Redelivery;
import io.cosell.shared.usecase.TokenKeepAlive;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up check without CDI: which beans a function has is a predicate, the mapping a supplier. */
class StartupCheckTest {

    private static final RequiredSettings NONE = new RequiredSettings(Optional.of("cosell-sync"), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private static final Predicate<Class<?>> RECEIVER = Set.<Class<?>>of(SyncStateStore.class, SyncQueue.class)::contains;
    private static final Predicate<Class<?>> MAPPER = Set.<Class<?>>of(SyncStateStore.class, DataverseClient.class,
            MappingConfig.class, Redelivery.class)::contains;
    private static final Supplier<RetryBackoff> BACKOFF =
            () -> new RetryBackoff(Duration.ofSeconds(20), Duration.ofMinutes(15));
    private static final Predicate<Class<?>> POLLER = Set.<Class<?>>of(SyncStateStore.class, SyncQueue.class,
            DataverseClient.class, MappingConfig.class)::contains;
    private static final Predicate<Class<?>> REGISTRATION = Set.<Class<?>>of(WebhookRegistrationClient.class)::contains;
    private static final Predicate<Class<?>> RECONCILER = Set.<Class<?>>of(SyncStateStore.class, SyncQueue.class,
            ReferralClient.class)::contains;
    private static final Predicate<Class<?>> ADMIN = Set.<Class<?>>of(SyncQueue.class, DeadLetterQueue.class)::contains;
    private static final Predicate<Class<?>> KEEPALIVE = Set.<Class<?>>of(TokenKeepAlive.class)::contains;

    @Test
    void each_function_needs_the_parts_its_beans_use() {
        // when / then
        assertThat(StartupCheck.needs(RECEIVER)).containsExactly(Need.STATE_TABLE, Need.SYNC_QUEUE);
        assertThat(StartupCheck.needs(MAPPER)).containsExactly(Need.STATE_TABLE, Need.SYNC_QUEUE, Need.DATAVERSE,
                Need.ENTRA);
        assertThat(StartupCheck.needs(POLLER)).containsExactly(Need.STATE_TABLE, Need.SYNC_QUEUE, Need.DATAVERSE,
                Need.ENTRA);
        assertThat(StartupCheck.needs(REGISTRATION)).containsExactly(Need.ENTRA);
        assertThat(StartupCheck.needs(RECONCILER)).containsExactly(Need.STATE_TABLE, Need.SYNC_QUEUE, Need.ENTRA);
        assertThat(StartupCheck.needs(ADMIN)).containsExactly(Need.SYNC_QUEUE, Need.DEAD_LETTER_QUEUE);
        assertThat(StartupCheck.needs(KEEPALIVE)).containsExactly(Need.ENTRA);
    }

    @Test
    void the_admin_function_without_its_dead_letter_queue_fails_and_names_it() {
        // given
        RequiredSettings queueOnly = new RequiredSettings(Optional.of("cosell-sync"), Optional.of("queue"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        // when
        Optional<String> problems = StartupCheck.problems(queueOnly, ADMIN, MappingConfig::defaults, BACKOFF);

        // then
        assertThat(problems).contains("The function cannot start: required settings are not set: "
                + "cosell.sync-dlq-url (COSELL_SYNC_DLQ_URL)");
    }

    @Test
    void one_message_names_every_missing_setting_of_the_function() {
        // when
        Optional<String> problems = StartupCheck.problems(NONE, POLLER, MappingConfig::defaults, BACKOFF);

        // then
        assertThat(problems).contains("The function cannot start: required settings are not set: "
                + "cosell.sync-queue-url (COSELL_SYNC_QUEUE_URL), cosell.dataverse.api-root (COSELL_DATAVERSE_API_ROOT), "
                + "cosell.entra.tenant (COSELL_ENTRA_TENANT), cosell.entra.client-id (COSELL_ENTRA_CLIENT_ID)");
    }

    @Test
    void the_receiver_without_its_queue_fails_and_never_asks_for_dataverse() {
        // when
        Optional<String> problems = StartupCheck.problems(NONE, RECEIVER, MappingConfig::defaults, BACKOFF);

        // then
        assertThat(problems).hasValueSatisfying(message -> assertThat(message)
                .contains("cosell.sync-queue-url (COSELL_SYNC_QUEUE_URL)")
                .doesNotContain("DATAVERSE", "ENTRA", "mapping"));
    }

    @Test
    void a_bad_mapping_is_listed_with_the_missing_settings() {
        // given
        String mapping = "{\"dealValueColumn\":\" \",\"closeDateColumn\":\"not a column\"}";

        // when
        Optional<String> problems = StartupCheck.problems(NONE, MAPPER,
                () -> MappingConfig.fromJson(new ObjectMapper(), mapping), BACKOFF);

        // then
        assertThat(problems).hasValueSatisfying(message -> assertThat(message)
                .contains("cosell.dataverse.api-root (COSELL_DATAVERSE_API_ROOT)")
                .contains("the mapping (cosell.mapping.json / cosell.mapping.file) is not usable: ")
                .contains("dealValueColumn is empty", "closeDateColumn 'not a column'"));
    }

    @Test
    void a_bad_mapping_alone_fails_the_start() {
        // given
        RequiredSettings all = new RequiredSettings(Optional.of("cosell-sync"), Optional.of("queue"),
                Optional.of(java.net.URI.create("https://contoso.crm4.dynamics.com/api/data/v9.2/")),
                Optional.of("tenant"), Optional.of("client"), Optional.of("dlq"));

        // when
        Optional<String> problems = StartupCheck.problems(all, MAPPER,
                () -> MappingConfig.fromJson(new ObjectMapper(), "{\"dealValueColumn\":\" \"}"), BACKOFF);

        // then
        assertThat(problems).hasValueSatisfying(message -> assertThat(message)
                .startsWith("The function cannot start: the mapping (cosell.mapping.json / cosell.mapping.file)")
                .doesNotContain("required settings"));
    }

    @Test
    void a_function_without_a_mapping_bean_never_reads_the_mapping() {
        // given
        AtomicBoolean read = new AtomicBoolean();

        // when
        Optional<String> problems = StartupCheck.problems(NONE, REGISTRATION, () -> {
            read.set(true);
            return MappingConfig.defaults();
        }, BACKOFF);

        // then
        assertThat(read).isFalse();
        assertThat(problems).hasValueSatisfying(message -> assertThat(message).doesNotContain("mapping"));
    }

    @Test
    void a_function_with_everything_set_starts() {
        // given
        RequiredSettings all = new RequiredSettings(Optional.of("cosell-sync"), Optional.of("queue"),
                Optional.of(java.net.URI.create("https://contoso.crm4.dynamics.com/api/data/v9.2/")),
                Optional.of("tenant"), Optional.of("client"), Optional.of("dlq"));

        // when / then
        assertThat(StartupCheck.problems(all, POLLER, MappingConfig::defaults, BACKOFF)).isEmpty();
    }

    @Test
    void a_backoff_that_cannot_work_fails_the_mapper_and_names_it() {
        // given
        RequiredSettings all = new RequiredSettings(Optional.of("cosell-sync"), Optional.of("queue"),
                Optional.of(java.net.URI.create("https://contoso.crm4.dynamics.com/api/data/v9.2/")),
                Optional.of("tenant"), Optional.of("client"), Optional.of("dlq"));

        // when
        Optional<String> problems = StartupCheck.problems(all, MAPPER, MappingConfig::defaults,
                () -> new RetryBackoff(Duration.ZERO, Duration.ofDays(1)));

        // then
        assertThat(problems).hasValueSatisfying(message -> assertThat(message)
                .contains("cosell.sync.redelivery: the first retry delay must be positive")
                .contains("is over SQS's 12 hours"));
    }
}
