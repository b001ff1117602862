package io.cosell.shared.config;

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
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Fails the function's start (the Lambda init) with one message naming every required setting it lacks and every
 * problem of its mapping, instead of failing each invocation later. A function needs only the settings of the parts
 * it uses: a bean that none of its use cases injects was removed at build time and is not resolvable here (so the
 * receiver needs the table and the queue, the mapper Dataverse, Entra ID, the table, the queue (to back failed
 * messages off) and the mapping, the poller also
 * the queue, registration Entra ID, the reconciler Entra ID, the table and the queue, the admin function the queue
 * and its dead-letter queue, the token keep-alive Entra ID). Runs before {@link PrimingHook}.
 */
@ApplicationScoped
public class StartupCheck {

    @Inject
    AwsConfig aws;

    @Inject
    ConnectionConfig connection;

    @Inject
    RedeliveryConfig redelivery;

    void onStart(@Observes @Priority(1) Startup started) {
        Predicate<Class<?>> present = type -> CDI.current().select(type).isResolvable();
        problems(RequiredSettings.of(aws, connection), present,
                () -> CDI.current().select(MappingConfig.class).get(), redelivery::backoff)
                .ifPresent(message -> {
                    throw new IllegalStateException(message);
                });
    }

    /** The parts whose beans the function has. */
    static Set<RequiredSettings.Need> needs(Predicate<Class<?>> present) {
        Set<RequiredSettings.Need> needs = EnumSet.noneOf(RequiredSettings.Need.class);
        if (present.test(SyncStateStore.class)) {
            needs.add(RequiredSettings.Need.STATE_TABLE);
        }
        if (present.test(SyncQueue.class) || present.test(Redelivery.class)) {
            needs.add(RequiredSettings.Need.SYNC_QUEUE);
        }
        if (present.test(DeadLetterQueue.class)) {
            needs.add(RequiredSettings.Need.SYNC_QUEUE);
            needs.add(RequiredSettings.Need.DEAD_LETTER_QUEUE);
        }
        if (present.test(DataverseClient.class)) {
            needs.add(RequiredSettings.Need.DATAVERSE);
            needs.add(RequiredSettings.Need.ENTRA);
        }
        if (present.test(ReferralClient.class) || present.test(WebhookRegistrationClient.class)
                || present.test(TokenKeepAlive.class)) {
            needs.add(RequiredSettings.Need.ENTRA);
        }
        return needs;
    }

    /**
     * One message listing every missing setting and the mapping's problems (the mapping is read only where a bean of
     * the function uses it), or empty when the function can start.
     */
    static Optional<String> problems(RequiredSettings settings, Predicate<Class<?>> present,
                                     Supplier<MappingConfig> mapping, Supplier<RetryBackoff> backoff) {
        List<String> problems = new ArrayList<>();
        List<String> missing = settings.missing(needs(present));
        if (!missing.isEmpty()) {
            problems.add("required settings are not set: " + String.join(", ", missing));
        }
        if (present.test(MappingConfig.class)) {
            try {
                mapping.get();
            } catch (RuntimeException e) {
                problems.add("the mapping (cosell.mapping.json / cosell.mapping.file) is not usable: "
                        + reason(e).getMessage());
            }
        }
        if (present.test(Redelivery.class)) {
            backoff.get().problems().forEach(problem -> problems.add("cosell.sync.redelivery: " + problem));
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("The function cannot start: " + String.join("; ", problems));
    }

    /** The mapping's own exception, not the CDI creation exception wrapped around it. */
    private static Throwable reason(Throwable thrown) {
        Throwable reason = thrown;
        while (!(reason instanceof IllegalArgumentException || reason instanceof UncheckedIOException)
                && reason.getCause() != null) {
            reason = reason.getCause();
        }
        return reason;
    }
}
