package io.cosell.shared.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosell.shared.auth.SignInExpiredException;
import io.cosell.shared.metrics.Metrics;
import io.cosell.shared.crm.EntitySet;
import io.cosell.shared.sync.inbound.InboundResult;
import io.cosell.shared.sync.inbound.InboundSync;
import io.cosell.shared.sync.outbound.OutboundResult;
import io.cosell.shared.sync.outbound.OutboundSync;
import io.cosell.shared.usecase.SyncMessageHandler;
import io.cosell.shared.vocabulary.CrmRecordRef;
import io.cosell.shared.vocabulary.RetryLaterException;
import io.cosell.shared.vocabulary.SyncDirection;
import io.cosell.shared.vocabulary.SyncMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One sync-queue message in, one use case out: Partner Center → CRM messages run the inbound sync, CRM → Partner
 * Center messages the outbound sync. Every result is
 * logged as one {@code sync: } line (the sandbox prints these). A result that a retry can fix throws
 * {@link RetryLaterException}, so the queue delivers the message again after a backoff (and moves it to the
 * dead-letter queue after too many tries); anything else is acknowledged. A sync that finds the Partner Center
 * sign-in dead is parked ({@link SignInExpiredMessages}) and acknowledged. Every message counts in the
 * {@link Metrics} ({@code Syncs} and {@code SyncLatency} by direction and outcome; {@code DeadLetters} when a message
 * fails on its last delivery before the dead-letter queue).
 */
@ApplicationScoped
public class SyncDispatcher implements SyncMessageHandler {

    private static final System.Logger LOG = System.getLogger(SyncDispatcher.class.getName());

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> SYNCED_ENTITY_SETS = Set.of(EntitySet.OPPORTUNITIES.name(), EntitySet.LEADS.name());

    private static final List<Duration> CONTENTION_WAITS = List.of(Duration.ofMillis(200), Duration.ofMillis(600));

    private final InboundSync inbound;
    private final OutboundSync outbound;
    private final ObjectMapper json;
    private final SignInExpiredParking signInExpired;
    private final Metrics metrics;
    private final int maxReceiveCount;

    @Inject
    public SyncDispatcher(InboundSync inbound, OutboundSync outbound, ObjectMapper json,
                          SignInExpiredParking signInExpired, Metrics metrics,
                          @ConfigProperty(name = "cosell.sync.max-receive-count", defaultValue = "5") int maxReceiveCount) {
        this.inbound = inbound;
        this.outbound = outbound;
        this.json = json;
        this.signInExpired = signInExpired;
        this.metrics = metrics;
        this.maxReceiveCount = maxReceiveCount;
    }

    @Override
    public void handle(String messageBody) {
        handle(messageBody, 1);
    }

    @Override
    public void handle(String messageBody, int receiveCount) {
        SyncMessage message = SyncMessage.fromJson(json, messageBody);
        long started = System.nanoTime();
        try {
            switch (message.direction()) {
                case PC_TO_CRM -> report(syncSoonAfterContention(requireReferralId(message)));
                case CRM_TO_PC -> {
                    CrmRecordRef record = requireCrmRecord(message);
                    report(record, syncSoonAfterContention(record));
                }
            }
        } catch (RuntimeException e) {
            Optional<SignInExpiredException> expired = SignInExpiredException.in(e);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (expired.isPresent()) {
                String line = signInExpired.park(message, expired.get());
                metrics.sync(message.direction(), "SIGN_IN_EXPIRED", took);
                LOG.log(System.Logger.Level.WARNING, "sync: " + subject(message) + " · " + arrow(message.direction())
                        + " · SIGN_IN_EXPIRED in " + took.toMillis() + " ms · " + line);
                return;
            }
            metrics.sync(message.direction(), e instanceof RetryLaterException ? "RETRY_LATER" : "ERROR", took);
            if (receiveCount >= maxReceiveCount) {
                metrics.deadLetter(message.direction());
            }
            throw e;
        }
    }

    private static String subject(SyncMessage message) {
        return message.crmRecord() != null
                ? message.crmRecord().entitySet() + "(" + message.crmRecord().id() + ")"
                : "referral " + message.referralId();
    }

    private static String arrow(SyncDirection direction) {
        return direction == SyncDirection.PC_TO_CRM ? "Partner Center → CRM" : "CRM → Partner Center";
    }

    /**
     * Another worker holding the referral (e.g. its created and updated events arriving together) usually finishes
     * within a fraction of a second: wait briefly and try again before handing the message back to the queue, whose
     * visibility timeout is far longer.
     */
    private InboundResult syncSoonAfterContention(String referralId) {
        return soonAfterContention(() -> inbound.sync(referralId), InboundResult::retryLater);
    }

    private OutboundResult syncSoonAfterContention(CrmRecordRef record) {
        return soonAfterContention(() -> outbound.sync(record), OutboundResult::retryLater);
    }

    private static <R> R soonAfterContention(Supplier<R> sync, Predicate<R> retryLater) {
        R result = sync.get();
        for (Duration wait : CONTENTION_WAITS) {
            if (!retryLater.test(result)) {
                return result;
            }
            sleep(wait);
            result = sync.get();
        }
        return result;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Referral ids are GUIDs (partner-center-api.md); anything else is refused before Partner Center is asked, so a
     * forged or corrupted message never becomes a request (the queue dead-letters it with this reason).
     */
    private static String requireReferralId(SyncMessage message) {
        if (message.referralId() == null || message.referralId().isBlank()) {
            throw new IllegalArgumentException("a Partner Center → CRM message needs a referral id: " + message);
        }
        if (!isGuid(message.referralId())) {
            throw new IllegalArgumentException("a Partner Center → CRM message needs a referral id that is a GUID: "
                    + message);
        }
        return message.referralId();
    }

    /** The poller and the admin queue opportunities and leads by their GUID; nothing else is read from the CRM. */
    private static CrmRecordRef requireCrmRecord(SyncMessage message) {
        CrmRecordRef record = message.crmRecord();
        if (record == null) {
            throw new IllegalArgumentException("a CRM → Partner Center message needs a CRM record: " + message);
        }
        if (!SYNCED_ENTITY_SETS.contains(record.entitySet()) || !isGuid(record.id())) {
            throw new IllegalArgumentException("a CRM → Partner Center message needs an opportunity or lead named "
                    + "by its GUID: " + message);
        }
        return record;
    }

    private static boolean isGuid(String value) {
        return GUID.matcher(value).matches();
    }

    private void report(InboundResult result) {
        if (!result.retryLater()) {
            metrics.sync(SyncDirection.PC_TO_CRM, result.outcome().name(), result.took());
        }
        String record = result.record().map(r -> r.entitySet() + "(" + r.id() + ")").orElse("no CRM record");
        report("sync: referral " + result.referralId() + " → " + record + " · Partner Center → CRM · "
                + result.outcome() + " in " + result.took().toMillis() + " ms · " + result.message(), result.retryLater());
    }

    private void report(CrmRecordRef record, OutboundResult result) {
        if (!result.retryLater()) {
            metrics.sync(SyncDirection.CRM_TO_PC, result.outcome().name(), result.took());
        }
        report("sync: " + record.entitySet() + "(" + record.id() + ") → referral " + result.referralId().orElse("(none)")
                + " · CRM → Partner Center · " + result.outcome() + " in " + result.took().toMillis() + " ms · "
                + result.message(), result.retryLater());
    }

    private static void report(String line, boolean retryLater) {
        if (retryLater) {
            LOG.log(System.Logger.Level.WARNING, line);
            throw new RetryLaterException(line);
        }
        LOG.log(System.Logger.Level.INFO, line);
    }
}
